from django import template

from decisions.text import text_blocks

register = template.Library()


@register.simple_tag
def blocks_of(body: str, section_number: int | None = None):
    """`{% blocks_of section.body forloop.counter as blocks %}`: paragraphs and bullet lists."""
    return text_blocks(body or "", section_number)
