"""The service's front door: health, the OpenAPI document and its browsable reference."""

import re

import pytest

from app import create_app
from tests.conftest import make_config

UNREACHABLE_DATABASES = [
    "sqlite:////nonexistent-directory/app.db",
    "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2",
]


def test_healthz_reports_database_and_scheduler(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"] == "ok"
    assert isinstance(response.json["scheduler"], dict)


@pytest.mark.parametrize("database_url", UNREACHABLE_DATABASES)
def test_healthz_is_503_when_the_database_is_unreachable(database_url):
    app = create_app(make_config(database_url))

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["status"] == "degraded"
    assert response.json["database"].startswith("error")


def test_openapi_document_is_served(client):
    spec = client.get("/api/v1/openapi.json").json

    assert spec["info"]["title"] == "Shanghai Creator Spaces"
    assert "/api/v1/auth/register" in spec["paths"]


def test_openapi_document_offers_bearer_auth_and_explains_naive_times(client):
    spec = client.get("/api/v1/openapi.json").json

    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert {"bearerAuth": []} in spec["security"]
    assert "without an offset is read in the venue's time zone" in spec["info"]["description"]


def test_openapi_document_describes_errors_as_problem_json(client):
    spec = client.get("/api/v1/openapi.json").json

    register = spec["paths"]["/api/v1/auth/register"]["post"]
    default_error = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    success = register["responses"]["201"]["content"]
    assert list(default_error) == ["application/problem+json"]
    assert list(success) == ["application/json"]
    problem = spec["components"]["schemas"]["ProblemOut"]["properties"]
    assert {"type", "title", "status", "detail", "code", "errors"} <= set(problem)


def test_the_docs_page_loads_only_local_assets(client):
    page = client.get("/api/docs")
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert page.status_code == 200
    assert len(assets) == 3
    for asset in assets:
        assert asset.startswith("/api/docs/assets/")
        assert client.get(asset).status_code == 200
    assert '"validatorUrl": null' in html
