"""`{% add_preserved_filters %}` without resolving the link (steunpunt/admin/
preserved_filters.py): loaded after Django's `admin_urls`, it replaces Django's tag."""

from django import template

from steunpunt.admin.preserved_filters import add_preserved_filters

register = template.Library()
register.simple_tag(add_preserved_filters, takes_context=True)
