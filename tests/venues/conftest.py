import pytest

from app.auth.models import Role


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def admin_headers(admin, auth_headers):
    return auth_headers(admin)


@pytest.fixture
def venue_body():
    """A complete, valid body for POST /venues."""
    return {
        "slug": "tianzifang-photo-loft",
        "name": "Tianzifang Photo Loft",
        "name_zh": "田子坊摄影阁楼",
        "kind": "photo_studio",
        "district": "Huangpu",
        "cluster": "Huangpu",
        "address": "210 Taikang Road",
        "latitude": 31.2087,
        "longitude": 121.4692,
        "capacity": 12,
        "description": "Daylight loft with a cyclorama wall.",
        "description_zh": "自然光阁楼，带无影墙。",
        "amenities": ["wifi", "cyclorama"],
        "timezone": "Asia/Shanghai",
        "opening_hours": [{"weekday": 0, "open": "09:00", "close": "18:00"},
                          {"weekday": 5, "open": "20:00", "close": "02:00"}],
        "rules": {"slot_minutes": 30, "min_duration_minutes": 60, "max_duration_minutes": 240,
                  "buffer_minutes": 15, "requires_approval": True, "max_concurrent": 2},
    }
