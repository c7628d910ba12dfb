"""The session store (`SESSION_ENGINE`): Django's database sessions, read with a query
compiled once per process (`steunpunt.compiled`), since every signed-in request reads its
session first."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from .compiled import CompiledQuery

_KEY_MARK = "compiled-session-key-mark"

_SESSION = CompiledQuery(lambda key: Session.objects.filter(session_key=key), _KEY_MARK)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # As Django's: the row with this key that has not expired (the expiry is compared
        # here, so the query has no time in it), else no session and no key.
        if self.session_key:
            alias = router.db_for_read(Session)
            for session in _SESSION.instances(Session, self.session_key, using=alias):
                if session.expire_date > timezone.now():
                    return session
        self._session_key = None
        return None
