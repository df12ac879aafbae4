"""The theme view's tables (templates/journal/themes/): grid cells and theme names.

A grid holds a cell per theme and session: hundreds on a long treatment. Written out in the
template, each cell costs a loop step and two variable lookups; built here it costs a fraction.
The same goes for a theme's name, written about a hundred times on the theme view (the table,
the grid's rows, the pairs): an included template per name cost more than the queries.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from journal import links

register = template.Library()


@register.filter
def heat_cells(row):
    """A row's cells, one per session and then "between sessions": `<td>` with the count,
    shaded by level. Both are whole numbers, so nothing needs escaping."""
    cells = [*row.cells, row.between]
    return mark_safe(
        "".join(f'<td class="heat heat-{int(c.level)}">{int(c.count)}</td>' for c in cells)
    )


@register.filter
def theme_name(theme, linked=False):
    """A theme's name (a ThemeRef or ThemeStat) with its colour dot, linked to the theme's page
    when `linked` (the owner's own views; a therapist's view shows names only)."""
    dot = (
        f'<span class="theme-dot {escape(theme.colour_class)}" aria-hidden="true"></span>'
        if theme.colour_class
        else ""
    )
    name = escape(theme.name)
    if linked:
        name = f'<a href="{escape(links.theme_url(theme.slug))}">{name}</a>'
    return mark_safe(dot + name)
