"""Where I am logged in, and logging out everywhere: every session of mine ends, another
user's do not."""

from django.test import Client
from django.urls import reverse

from councils.demo import DEMO_PASSWORD
from samverkan.models import LoginSession


def logged_in(user) -> Client:
    """Logged in through the login page, as a browser is (with its User-Agent)."""
    client = Client(HTTP_USER_AGENT="Testwebbläsare/1.0")
    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_a_login_is_listed_with_its_browser(user):
    client = logged_in(user("kommunpolis"))
    logged_in(user("kommunpolis"))

    response = client.get(reverse("account_sessions"))

    assert response.status_code == 200
    # (The test world may hold sessions of its own for the same user.)
    browsers = [login.user_agent for login in response.context["logins"]]
    assert browsers.count("Testwebbläsare/1.0") == 2
    assert response.content.decode().count("Testwebbläsare/1.0") == 2


def test_logging_out_everywhere_ends_every_session_of_mine_and_no_one_elses(user, laholm):
    here, elsewhere = logged_in(user("kommunpolis")), logged_in(user("kommunpolis"))
    colleague = logged_in(user("samordnare"))
    page = reverse("samverkan:agreement", args=[laholm.pk])

    response = here.post(reverse("account_sessions"))

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert elsewhere.get(page).status_code == 302
    assert here.get(page).status_code == 302
    assert colleague.get(page).status_code == 200
    assert not LoginSession.objects.filter(user=user("kommunpolis")).exists()


def test_a_logout_forgets_its_session(user):
    client = logged_in(user("frivard"))
    key = client.session.session_key
    assert LoginSession.objects.filter(user=user("frivard"), session_key=key).exists()

    client.post(reverse("logout"))

    assert not LoginSession.objects.filter(session_key=key).exists()
