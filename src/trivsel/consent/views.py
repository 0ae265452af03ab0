"""Recording and withdrawing a guardian's consent (staff side)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trivsel.children.selectors import child_get
from trivsel.children.views import _user
from trivsel.consent.forms import ConsentForm
from trivsel.consent.models import Consent
from trivsel.consent.services import consent_record, consent_withdraw
from trivsel.lib.forms import add_service_errors


def consent_create_view(request: HttpRequest, child_id: int) -> HttpResponse:
    user = _user(request)
    child, _relation = child_get(user=user, child_id=child_id, purpose="consent", rule="record_consent")
    form = ConsentForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_record(
                actor=user,
                child=child,
                guardian=data["guardian"],
                purpose=data["purpose"],
                method=data["method"],
                information=data["information"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                recipients=form.recipients(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("children:detail", child_id=child.pk)
    return render(request, "consent/consent_form.html", {"child": child, "form": form})


@require_POST
def consent_withdraw_view(request: HttpRequest, child_id: int, consent_id: int) -> HttpResponse:
    user = _user(request)
    # Staff note a withdrawal here; a parent withdraws their own consent in the portal.
    child, _relation = child_get(user=user, child_id=child_id, purpose="consent", rule="record_consent")
    consent = Consent.objects.filter(pk=consent_id, child=child).first()
    if consent is None:
        raise Http404
    try:
        consent_withdraw(actor=user, consent=consent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent has been withdrawn."))
    return redirect("children:detail", child_id=child.pk)
