"""Every email of the portal is queued in the transaction of the change it announces, so it
exists exactly when the change does, and sent from the queue: by `manage.py send_queued_mail`,
the worker, and for the emails a person waits for (a join request, a knowledge question, a
message through *Wie weet wat*) tried once at once after the commit (send_after_commit).

Nothing is lost: an app server that dies after the commit, or a mail server that is down,
leaves the email queued for the worker, which tries again a little later after each failure.
Nothing is sent twice by two senders: each email is locked while it is sent. Only a sender
killed between the mail server's acceptance and recording it sends that one email again; it
then goes out with the same Message-ID, by which mail programs recognise it as the same one.
Once sent, an email keeps only its address, subject and times: its text and whom replies went
to may be someone else's words, such as a message through *Wie weet wat*.

An email with a link that works without logging in (choosing a password, withdrawing consent)
is never stored: send_after_commit sends it once after the commit, and a mail server that is
down then loses it; the person asks again.

The email people subscribe to (discussions, follows, digests) carries a one-click unsubscribe
(RFC 8058) in its headers.
"""

import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .mail import portal_email

logger = logging.getLogger(__name__)

# A message that failed this often is left for an operator (it stays in the table, with why):
# with the delays below, after about two days.
MAX_ATTEMPTS = 12
RETRY_FIRST = timedelta(minutes=1)
RETRY_LONGEST = timedelta(hours=6)
# Emails sent over one connection to the mail server.
BATCH_SIZE = 100
# How long the attempt right after a request's commit waits for the mail server at most: the
# visitor waits for it too; what does not go then, the worker sends.
AT_ONCE_TIMEOUT = 5


class QueuedEmail(models.Model):
    to = models.EmailField(_("aan"), max_length=254)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    # Extra headers: List-Unsubscribe and List-Unsubscribe-Post.
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    # The addresses a reply goes to, when not the portal's own.
    reply_to = models.JSONField(_("antwoord naar"), default=list, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # Not before this time: after a failure, a little later each time (RETRY_DELAYS).
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="queued_email_unsent",
            )
        ]
        verbose_name = _("e-mail in de wachtrij")
        verbose_name_plural = _("e-mails in de wachtrij")

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def message_id(self):
        """The same for every attempt at this email, so that a resend is known as one."""
        domain = urlsplit(settings.BASE_URL).hostname or "localhost"
        return f"<queued-{self.pk}.{self.created_at:%Y%m%d%H%M%S%f}@{domain}>"


def queue_email(subject, template, context, to, unsubscribe_url=None):
    """Queue the email rendered from the plain-text `template` for `to`, in the caller's
    transaction. With `unsubscribe_url`, the one-click unsubscribe headers of RFC 8058: a POST
    to it unsubscribes without any further step."""
    if not to:
        return None
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return QueuedEmail.objects.create(
        to=to,
        subject=subject[:300],
        body=render_to_string(template, context),
        headers=headers,
    )


def send_after_commit(subject, template, context, recipients, reply_to=None, secret_link=False):
    """Queue the email rendered from the plain-text `template` for each of `recipients`, in
    the caller's transaction, and try to send them as soon as it commits.

    An email never announces what was rolled back, and one that cannot go at once (the mail
    server is down, this process dies) is sent by the worker. Each recipient gets an email of
    their own, so that no one learns the others' addresses. Empty and repeated addresses are
    dropped; with none left nothing is queued.

    With `secret_link` (the email holds a link that works without logging in) it is not
    queued but sent once after the commit, and only logged when that fails: a working link
    in the database, and in its backups, would let whoever reads them in.
    """
    recipients = list(dict.fromkeys(address for address in recipients if address))
    if not recipients:
        return
    body = render_to_string(template, context)
    if secret_link:
        messages = [portal_email(subject, body, [to], reply_to) for to in recipients]
        transaction.on_commit(partial(_send_unstored, messages))
        return
    queued = QueuedEmail.objects.bulk_create(
        QueuedEmail(to=to, subject=subject[:300], body=body, reply_to=list(reply_to or []))
        for to in recipients
    )
    transaction.on_commit(partial(_send, [email.pk for email in queued], timeout=AT_ONCE_TIMEOUT))


def _send_unstored(messages):
    try:
        get_connection(timeout=AT_ONCE_TIMEOUT).send_messages(messages)
    except Exception:  # the change is committed; the request must not fail for the email
        logger.exception("Email with a personal link not sent: %s", messages[0].subject)


def _retry_delay(attempts):
    """How long to wait after the `attempts`-th failure: a minute, doubling, six hours at most."""
    return min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_LONGEST)


def send_queued(limit=BATCH_SIZE):
    """Send up to `limit` queued emails that are due, oldest first, over one connection to the
    mail server; how many went out.

    Each is locked while it is sent (SKIP LOCKED), so two workers never send the same one. One
    that fails waits longer after each failure (_retry_delay); MAX_ATTEMPTS failures, about
    two days, leave it for an operator, with the error.
    """
    due = QueuedEmail.objects.filter(
        sent_at=None, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now()
    )
    return _send(list(due.values_list("pk", flat=True)[:limit]))


def _send(pks, timeout=None):
    """Send the queued emails `pks` that are still unsent over one connection; how many went.
    Never raises for the mail server: what fails waits for the worker's next attempt.
    `timeout` overrides EMAIL_TIMEOUT for this connection."""
    if not pks:
        return 0
    connection = get_connection(**({"timeout": timeout} if timeout else {}))
    try:
        connection.open()
    except Exception as error:  # the mail server cannot be reached: all of them wait
        for pk in pks:
            _send_one(pk, None, unreachable=error)
        return 0
    sent = 0
    try:
        for pk in pks:
            sent += _send_one(pk, connection)
    finally:
        connection.close()
    return sent


def _send_one(pk, connection, unreachable=None):
    with transaction.atomic():
        email = (
            QueuedEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at=None)
            .first()
        )
        if email is None:
            return 0
        email.attempts += 1
        try:
            if unreachable is not None:
                raise unreachable
            message = portal_email(
                email.subject, email.body, [email.to], reply_to=email.reply_to or None
            )
            message.extra_headers.update(email.headers)
            message.extra_headers["Message-ID"] = email.message_id
            message.connection = connection
            message.send()
        except Exception as error:  # any failure of the mail server: try again later
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            email.next_attempt_at = timezone.now() + _retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning("Email %s not sent (attempt %s): %s", pk, email.attempts, error)
            return 0
        email.sent_at = timezone.now()
        # Its text and whom replies went to are no longer needed (see the module's docstring).
        email.body, email.reply_to = "", []
        email.save(update_fields=["attempts", "sent_at", "body", "reply_to"])
        return 1


def unsent_count():
    """The emails still to be sent, due or waiting for their next attempt."""
    return QueuedEmail.objects.filter(sent_at=None, attempts__lt=MAX_ATTEMPTS).count()
