from tests.care.conftest import world  # noqa: F401  (the clinic fixture, for invitations)
