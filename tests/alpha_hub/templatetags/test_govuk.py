"""GOV.UK components: each is drawn by one include, from what a page puts in it, and no page
template draws one by hand."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError, engines


def render(source: str, **context) -> str:
    html = engines["django"].from_string("{% load govuk %}" + source).render(context)
    return re.sub(r">\s+<", "><", html.strip())


def test_a_summary_list_has_a_row_per_summary_row_and_lines_up_rows_without_actions():
    html = render(
        "{% summary_list %}"
        '{% summary_row "Reference" %}{{ ref }}{% endsummary_row %}'
        '{% if show %}{% summary_row "Hidden" %}no{% endsummary_row %}{% endif %}'
        '{% summary_row "Grants" action_href="/change/" action_hidden="grants" %}'
        "A{% endsummary_row %}"
        "{% endsummary_list %}",
        ref="PCD 867",
        show=False,
    )
    assert html == (
        '<dl class="govuk-summary-list">'
        '<div class="govuk-summary-list__row govuk-summary-list__row--no-actions">'
        '<dt class="govuk-summary-list__key">Reference</dt>'
        '<dd class="govuk-summary-list__value">PCD 867</dd></div>'
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Grants</dt>'
        '<dd class="govuk-summary-list__value">A</dd>'
        '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/change/">Change'
        '<span class="govuk-visually-hidden"> grants</span></a></dd></div></dl>'
    )


def test_a_table_has_a_header_row_and_body_rows_with_row_headers():
    html = render(
        '{% table caption="Totals" caption_size="m" id="totals" %}'
        "{% th %}Year{% endth %}{% th numeric=True %}Total{% endth %}"
        "{% for year, total in rows %}"
        "{% tr %}{% th %}{{ year }}{% endth %}"
        "{% td numeric=True %}{{ total }}{% endtd %}{% endtr %}"
        "{% endfor %}{% endtable %}",
        rows=[("2020/21", "£1.00")],
    )
    assert html == (
        '<table class="govuk-table" id="totals">'
        '<caption class="govuk-table__caption govuk-table__caption--m">Totals</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Year</th>'
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th>'
        '</tr></thead><tbody class="govuk-table__body"><tr class="govuk-table__row">'
        '<th scope="row" class="govuk-table__header">2020/21</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">£1.00</td></tr></tbody></table>'
    )


def test_table_bodies_keep_their_order_and_ids():
    html = render(
        "{% table %}{% tr %}{% td %}loose{% endtd %}{% endtr %}"
        '{% tbody id="pay" %}{% tr id="line-1" %}{% td colspan=2 %}pay{% endtd %}{% endtr %}'
        "{% endtbody %}"
        "{% endtable %}"
    )
    assert re.findall(r"<tbody[^>]*>", html) == [
        '<tbody class="govuk-table__body">',
        '<tbody class="govuk-table__body" id="pay">',
    ]
    assert (
        '<tr class="govuk-table__row" id="line-1"><td class="govuk-table__cell" colspan="2">'
        in html
    )
    assert html.index("loose") < html.index("pay")


def test_concat_makes_ids_of_numbers_where_add_gives_nothing():
    html = render(
        '{% table %}{% tr id="row-"|concat:number %}{% td %}5{% endtd %}{% endtr %}{% endtable %}',
        number=5,
    )
    assert '<tr class="govuk-table__row" id="row-5">' in html


def test_a_slot_gives_an_option_with_values_in_it():
    html = render(
        '{% table caption_size="hidden" %}{% slot "caption" %}Budgets of {{ name }}{% endslot %}'
        "{% endtable %}",
        name="Hub",
    )
    assert '<caption class="govuk-visually-hidden">Budgets of Hub</caption>' in html


def test_options_a_page_leaves_out_are_not_taken_from_the_page():
    html = render('{% details "Help" %}Text{% enddetails %}', id="page-id", open=True)
    assert html == (
        '<details class="govuk-details"><summary class="govuk-details__summary">'
        '<span class="govuk-details__summary-text">Help</span></summary>'
        '<div class="govuk-details__text">Text</div></details>'
    )
    page = render(
        '{% include "includes/_error_summary.html" with form=form only %}', title="Part 2"
    )
    assert page == ""


def test_breadcrumbs_link_all_but_the_current_page():
    html = render(
        '{% breadcrumbs %}{% breadcrumb href="/b/" %}Budgets{% endbreadcrumb %}'
        "{% breadcrumb %}{{ here }}{% endbreadcrumb %}{% endbreadcrumbs %}",
        here="PCD 867",
    )
    assert '<a class="govuk-breadcrumbs__link" href="/b/">Budgets</a>' in html
    assert '<li class="govuk-breadcrumbs__list-item">PCD 867</li>' in html


def test_an_error_summary_of_other_problems_links_each_one():
    html = render(
        '{% error_summary title="2 of 3 rows have problems" description="Nothing was saved." %}'
        '{% error_item href="#row-2" %}Row 2: no amount{% enderror_item %}{% enderror_summary %}'
    )
    assert '<h2 class="govuk-error-summary__title">2 of 3 rows have problems</h2>' in html
    assert '<p class="govuk-body">Nothing was saved.</p>' in html
    assert '<li><a href="#row-2">Row 2: no amount</a></li>' in html


@pytest.mark.parametrize(
    "source",
    [
        "{% summary_list %}<p>stray</p>{% endsummary_list %}",
        "{% table %}{% tr %}<td>by hand</td>{% endtr %}{% endtable %}",
        '{% summary_row "Outside" %}a list{% endsummary_row %}',
        "{% td %}outside a table{% endtd %}",
    ],
)
def test_markup_outside_a_components_parts_is_refused_not_lost(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


def test_the_simple_components_draw_govuk_markup():
    assert (
        render('{% include "includes/_tag.html" with text="Locked" colour="grey" only %}')
        == '<strong class="govuk-tag govuk-tag--grey">Locked</strong>'
    )
    assert (
        render('{% include "includes/_back_link.html" with href="/b/" only %}')
        == '<nav aria-label="Back"><a href="/b/" class="govuk-back-link">Back</a></nav>'
    )
    warning = render('{% include "includes/_warning_text.html" with text="Stop:" only %}')
    assert '<span class="govuk-visually-hidden">Warning</span> Stop:</strong>' in warning
    banner = render(
        '{% include "includes/_notification_banner.html" with heading="Saved" success=True only %}'
    )
    assert 'role="alert"' in banner
    assert ">Success</h2>" in banner


# Markup that only the component's include may write (templates/includes/, templates/govuk/).
HAND_DRAWN = {
    "summary list": r'class="govuk-summary-list[" ]',
    "table": r"<table\b",
    "tag": r'class="govuk-tag[" ]',
    "pagination": r'class="govuk-pagination[" ]',
    "back link": r"govuk-back-link",
    "notification banner": r'class="govuk-notification-banner[" ]',
    "warning text": r'class="govuk-warning-text"',
    "details": r'class="govuk-details"',
    "breadcrumbs": r'class="govuk-breadcrumbs"',
    "error summary": r'class="govuk-error-summary"',
    "form field": r'class="govuk-(?:form-group|label|input|select|textarea)[" ]',
}
GRID = Path("budget/includes/_grid.html")
GRID_ROW = Path("budget/includes/_line_row.html")
DRAWN_BY_HAND = {
    # The budget grid's lines: thousands of rows of plain values, not bound forms (ADR 0021),
    # which {% table %} and the form renderer would make twice as slow to draw. Their markup
    # follows the includes', ids and all.
    (GRID, "table"),
    (GRID_ROW, "form field"),
    # The register's search is a GET form read by decisions/search.py, with no Django form.
    (Path("decisions/decision_list.html"), "form field"),
}
# Signed PDFs are never re-rendered (their template is frozen); the admin is Django's own.
OTHERS = ("pdf", "admin", "includes", "govuk")


def test_no_page_template_draws_a_govuk_component_by_hand():
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root)
        if relative.parts[0] in OTHERS:
            continue
        text = path.read_text()
        for component, pattern in HAND_DRAWN.items():
            if (relative, component) not in DRAWN_BY_HAND and re.search(pattern, text):
                found.append(f"{relative}: {component}")
    assert found == []
