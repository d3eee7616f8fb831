from django.apps import AppConfig


class CreditRequestsConfig(AppConfig):
    name = "credit_requests"
    verbose_name = "Credit Requests"

    def ready(self):
        from credit_requests.page_actions import REQUEST_CREDIT_BUTTON, request_credit_button_context
        from portal.page_actions import page_action_register

        # The catalog (courses) shows the "Request new Credit" button without knowing this app.
        page_action_register("catalog", template=REQUEST_CREDIT_BUTTON, context=request_credit_button_context)
