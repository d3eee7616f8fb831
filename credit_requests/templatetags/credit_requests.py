"""`{% request_credit_button %}`: the "Request new Credit" button and its dialog, for any page."""

from django import template

from credit_requests.forms import CreditRequestForm

register = template.Library()


@register.inclusion_tag("credit_requests/_request_credit_button.html", takes_context=True)
def request_credit_button(context):
    request = context["request"]
    return {
        "credit_form": CreditRequestForm(user=request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
