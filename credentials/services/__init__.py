"""Every write to a credential, one story per module (HackSoft's styleguide: a package once it grows):

- `base`: CredentialError, the history record, the "already decided" / "not your own item" wording;
- `status`: the credential's allowed transitions and its ONE transition function;
- `registration`: eligibility, registering (checkout), renewal enrollment, completing an application;
- `ledger`: credit lines and the completion they bring;
- `expiry`: upload-deadline changes and ACTIVE -> EXPIRED (one row, or set-based for the sweeps);
- `external_files`: uploads, the file's allowed transitions and a reviewer's decision on a file.

Conventions (see STYLE.md): keyword-only arguments, `now` passed in, row locks for transitions,
one CredentialEvent per change, emails through `accounts.emails.email_send_once` (sent on commit, once).
Application code imports from the story module; the names below are re-exported for tests and the shell.
"""

from credentials.selectors import credential_earned
from credentials.services.base import CredentialError, credential_event_record
from credentials.services.expiry import (
    EXPIRY_EMAIL_TEMPLATE,
    credential_expire,
    credential_expiry_email_key,
    credential_extend_deadline,
    credentials_expire_many,
)
from credentials.services.external_files import (
    credential_upload_refusal,
    external_file_already_decided,
    external_file_approve,
    external_file_decide,
    external_file_return,
    external_file_scanned,
    external_file_upload,
)
from credentials.services.ledger import (
    course_completed_credit,
    credential_add_credit,
    credential_refresh_completion,
)
from credentials.services.registration import (
    application_complete,
    application_register,
    program_registration_refusal,
    renewal_enroll_from_application,
)
from credentials.services.status import COMPLIANCE_FOR, TRANSITIONS, credential_transition

__all__ = [
    "COMPLIANCE_FOR",
    "EXPIRY_EMAIL_TEMPLATE",
    "TRANSITIONS",
    "CredentialError",
    "application_complete",
    "application_register",
    "course_completed_credit",
    "credential_add_credit",
    "credential_earned",
    "credential_event_record",
    "credential_expire",
    "credential_expiry_email_key",
    "credential_extend_deadline",
    "credential_refresh_completion",
    "credential_transition",
    "credential_upload_refusal",
    "credentials_expire_many",
    "external_file_already_decided",
    "external_file_approve",
    "external_file_decide",
    "external_file_return",
    "external_file_scanned",
    "external_file_upload",
    "program_registration_refusal",
    "renewal_enroll_from_application",
]
