"""How people hear of what is new: members of their communities' discussions (at once, a daily
or a weekly digest, or not), anyone of what is published in a community, a theme or the agenda
(by email, confirmed first). All of it queued for the mail worker (home.outgoing_mail); the
digests come from `manage.py send_digests`."""
