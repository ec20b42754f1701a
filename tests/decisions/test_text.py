from decisions.text import BulletList, Paragraph, text_blocks


def test_paragraphs_are_numbered_within_their_section():
    blocks = text_blocks("First.\n\nSecond\ncontinues.\n\n\nThird.", 4)
    assert blocks == [
        Paragraph("First.", "4.1."),
        Paragraph("Second continues.", "4.2."),
        Paragraph("Third.", "4.3."),
    ]


def test_bullet_lines_become_one_list_even_across_blank_lines():
    blocks = text_blocks("The core aims are:\n\n• One\n\n• Two\n- Three\n\nAfter.")
    assert blocks == [
        Paragraph("The core aims are:"),
        BulletList(("One", "Two", "Three")),
        Paragraph("After."),
    ]


def test_markup_is_kept_as_plain_text_for_the_template_to_escape():
    assert text_blocks("<script>alert(1)</script>") == [Paragraph("<script>alert(1)</script>")]


def test_empty_text_has_no_blocks():
    assert text_blocks("") == []
    assert text_blocks("\n\n  \n") == []
