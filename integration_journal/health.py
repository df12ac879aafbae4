"""The checks behind `/healthz/`: the database, the cache and the task queue.

Each check answers in a word and logs what went wrong; the page that shows the words never says
why (no versions, hosts, counts or error messages for whoever can reach the URL).
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

OK, UNAVAILABLE, BEHIND = "ok", "unavailable", "behind"
# Above this many seconds the oldest due task has waited, the queue is "behind" (workers down
# or overwhelmed).
DEFAULT_MAX_TASK_AGE = 900


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: database unavailable", exc_info=True)
        return UNAVAILABLE
    return OK


def check_cache() -> str:
    # A key of its own per probe: load balancers probing every server at once never read each
    # other's value.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        found = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.warning("Health check: cache unavailable", exc_info=True)
        return UNAVAILABLE
    if found != value:
        logger.warning("Health check: cache did not return the value just stored")
        return UNAVAILABLE
    return OK


def oldest_task_seconds() -> int:
    """Seconds the oldest task that could run now has waited; 0 when none waits, or when the
    tasks do not go through the database (ImmediateBackend runs them in the request)."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return 0
    # A task waits from when it was enqueued, or from its run_after if that came later (a retry
    # planned for later). django_tasks_db stores "no run_after" as a far-future date.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend.alias)
        .aggregate(since=Min(waiting_since))["since"]
    )
    if oldest is None:
        return 0
    return max(0, int((timezone.now() - oldest).total_seconds()))


def check_tasks() -> tuple[str, int | None]:
    try:
        age = oldest_task_seconds()
    except Exception:
        logger.warning("Health check: task queue unreadable", exc_info=True)
        return UNAVAILABLE, None
    limit = getattr(settings, "HEALTHZ_MAX_TASK_AGE_SECONDS", DEFAULT_MAX_TASK_AGE)
    if age > limit:
        logger.warning("Health check: oldest due task has waited %s s (limit %s s)", age, limit)
        return BEHIND, age
    return OK, age


def report() -> tuple[bool, dict]:
    """(healthy, body). The body's keys are always the same five."""
    database = check_database()
    cache_state = check_cache()
    tasks, age = check_tasks()
    healthy = database == cache_state == tasks == OK
    return healthy, {
        "status": OK if healthy else UNAVAILABLE,
        "database": database,
        "cache": cache_state,
        "tasks": tasks,
        "oldest_task_seconds": age,
    }
