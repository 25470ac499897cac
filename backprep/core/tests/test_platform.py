"""Request ids, health probes, metrics, security headers, error pages, pagination."""

from __future__ import annotations

import pytest
from django.db import connection

from backprep.core.pagination import decode_cursor, encode_cursor


def test_request_id_is_generated_and_echoed(client, db):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32


def test_valid_incoming_request_id_is_kept_and_bad_one_replaced(client, db):
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123-def"})["X-Request-ID"]
        == "abc-123-def"
    )
    assert (
        client.get("/healthz", headers={"X-Request-ID": "<script>"})["X-Request-ID"] != "<script>"
    )


def test_healthz_and_readyz(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ok"
    assert ready["checks"]["database"] == "ok"


def test_readyz_reports_a_dead_database(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database is down")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "database is down" in response.json()["checks"]["database"]


def test_readyz_checks_redis_when_configured(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] != "ok"


def test_metrics_count_requests_by_route(client, db):
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    assert 'backprep_http_requests_total{method="GET",route="/healthz",status="200"}' in text
    assert "backprep_http_request_duration_seconds_bucket" in text


def test_metrics_token(client, db, settings):
    settings.METRICS_TOKEN = "s3cret"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts(client, user):
    client.force_login(user)
    for path in ("/", "/dashboard/", "/accounts/tokens/", "/accounts/profile/"):
        html = client.get(path, follow=True).content.decode()
        assert "<script>" not in html and "onclick=" not in html and "style=" not in html, path


def test_html_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_cursor_round_trip():
    assert decode_cursor(encode_cursor([5, "x"]), 2) == [5, "x"]


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    from config.settings.env import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured):
        secret_key(production=True, var_dir=tmp_path)
    generated = secret_key(production=False, var_dir=tmp_path)
    assert secret_key(production=False, var_dir=tmp_path) == generated
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
