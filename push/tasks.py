from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse

from push.delivery import send_to_user


@task
def send_test_notification(user_id: str) -> int:
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return send_to_user(
        user,
        title="Integration Journal",
        body="This is a test. Notifications from Integration Journal look like this.",
        url=reverse("push:settings"),
        tag="test",
    )
