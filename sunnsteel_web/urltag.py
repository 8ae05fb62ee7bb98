"""`{% url %}` that remembers what it reversed (a template builtin: settings' TEMPLATES "builtins").

Django's `reverse` costs a tenth to half a millisecond with an id in it (profiled: a fifth of the routines
page's server time, 35 links and forms for a few routines). The answer depends only on the view name, its
arguments, the namespace asked for, the script prefix and the URLconf, none of which a request changes
while the process runs, so each is reversed once per process (a bounded number of them) and then read
from a dict. Same syntax and output as Django's tag, `as var` included.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()

MAX_REMEMBERED = 20_000  # about 2 MB; past it the memo starts again (ids of many users' routines)
_reversed: dict[tuple[Any, ...], str] = {}


class RememberedURLNode(URLNode):
    def render(self, context: Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:  # as Django's tag asks it
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = remembered_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


def remembered_reverse(
    view_name: str, args: tuple[Any, ...], kwargs: dict[str, Any], current_app: Any
) -> str:
    """`reverse(...)`, asked once per process for the same view, arguments, namespace, prefix and URLconf."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = (view_name, args, tuple(sorted(kwargs.items())), current_app, get_script_prefix(), urlconf)
    try:
        return _reversed[key]
    except KeyError:
        pass
    except TypeError:  # an argument that cannot be a dict key: not remembered
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    if len(_reversed) >= MAX_REMEMBERED:
        _reversed.clear()
    _reversed[key] = url
    return url


@register.tag
def url(parser: Parser, token: Token) -> RememberedURLNode:
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
