"""What credit_requests shows on other apps' pages: the "Request new Credit" button and its dialog."""

from credit_requests.forms import CreditRequestForm

REQUEST_CREDIT_BUTTON = "credit_requests/_request_credit_button.html"


def request_credit_button_context(context) -> dict:
    request = context["request"]
    return {
        "credit_form": CreditRequestForm(user=request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
