"""CSRF over real HTTP: Django's test client skips CSRF checks, so these use a live server."""

from __future__ import annotations

import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


class Browserish:
    """A cookie-keeping HTTP client, like a browser without JavaScript."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method, path, *, data=None, json_body=None, headers=None):
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers.setdefault("Referer", self.base + "/")
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self, email, password):
        _, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        _status, _ = self.request(
            "POST",
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "email": email, "password": password},
        )
        assert self.cookie("sessionid"), "login failed"


def test_login_form_without_csrf_token_is_refused(live_server, user, password):
    client = Browserish(live_server.url)
    status, _ = client.request(
        "POST", "/accounts/login/", data={"email": user.email, "password": password}
    )
    assert status == 403
    assert client.cookie("sessionid") is None


def test_graphql_with_session_cookie_needs_csrf_header(live_server, user, password):
    client = Browserish(live_server.url)
    client.login(user.email, password)
    query = {"query": 'mutation { createPersonalToken(name: "x") { secret } }'}
    status, body = client.request("POST", "/graphql/", json_body=query)
    assert status == 403
    assert json.loads(body)["type"] == "urn:backprep:problem:csrf-failed"
    status, body = client.request(
        "POST", "/graphql/", json_body=query, headers={"X-CSRFToken": client.cookie("csrftoken")}
    )
    assert status == 200
    assert json.loads(body)["data"]["createPersonalToken"]["secret"].startswith("bp_pat_")


def test_rest_with_session_cookie_needs_csrf_header(live_server, user, password):
    client = Browserish(live_server.url)
    client.login(user.email, password)
    status, body = client.request("POST", "/api/v1/tokens", json_body={"name": "x"})
    assert status == 403
    assert json.loads(body)["type"] == "urn:backprep:problem:csrf-failed"
    status, _ = client.request(
        "POST",
        "/api/v1/tokens",
        json_body={"name": "x"},
        headers={"X-CSRFToken": client.cookie("csrftoken")},
    )
    assert status == 201
    status, _ = client.request("GET", "/api/v1/me")  # safe methods need no token
    assert status == 200


def test_bearer_clients_need_no_csrf_cookie(live_server, user, password):
    client = Browserish(live_server.url)
    status, body = client.request(
        "POST", "/api/v1/auth/token", json_body={"email": user.email, "password": password}
    )
    assert status == 200
    access = json.loads(body)["access_token"]
    auth = {"Authorization": f"Bearer {access}"}
    status, body = client.request(
        "POST",
        "/graphql/",
        json_body={"query": 'mutation { createPersonalToken(name: "ci") { secret } }'},
        headers=auth,
    )
    assert status == 200, body
    secret = json.loads(body)["data"]["createPersonalToken"]["secret"]
    status, body = client.request(
        "POST",
        "/api/v1/tokens",
        json_body={"name": "ci2"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert status == 201
    assert client.cookie("csrftoken") is None


def test_anonymous_graphql_without_cookies_needs_no_csrf(live_server, db):
    client = Browserish(live_server.url)
    status, body = client.request("POST", "/graphql/", json_body={"query": "{ areas { slug } }"})
    assert status == 200, body
    assert json.loads(body)["data"] == {"areas": []}
    status, body = client.request("POST", "/graphql/", json_body={"query": "{ me { email } }"})
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "not-authenticated"


def test_bad_bearer_is_refused_even_with_a_session(live_server, user, password):
    client = Browserish(live_server.url)
    client.login(user.email, password)
    status, _ = client.request("GET", "/api/v1/me", headers={"Authorization": "Bearer junk"})
    assert status == 401
    status, _ = client.request("GET", "/api/v1/me")
    assert status == 200
