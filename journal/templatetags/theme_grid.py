"""The recurrence grid's cells (templates/journal/themes/_grid.html).

A grid holds a cell per theme and session: hundreds on a long treatment. Written out in the
template, each cell costs a loop step and two variable lookups; built here it costs a fraction.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def heat_cells(row):
    """A row's cells, one per session and then "between sessions": `<td>` with the count,
    shaded by level. Both are whole numbers, so nothing needs escaping."""
    cells = [*row.cells, row.between]
    return mark_safe(
        "".join(f'<td class="heat heat-{int(c.level)}">{int(c.count)}</td>' for c in cells)
    )
