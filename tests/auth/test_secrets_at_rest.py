"""No password or token is readable from the database, whatever table or column one looks in."""

from sqlalchemy import MetaData, select

from app.extensions import db

PASSWORD = "plum rain over Suzhou Creek"


def everything_stored() -> str:
    """Every value of every column of every table, as text, the way someone with a dump would read it."""
    tables = MetaData()
    tables.reflect(bind=db.session.connection())
    return "\n".join(str(value) for table in tables.sorted_tables
                     for row in db.session.execute(select(table)) for value in row)


def test_neither_passwords_nor_tokens_are_stored_in_plain_text(client):
    registered = client.post("/api/v1/auth/register", headers={"Idempotency-Key": "sign-up-1"},
                             json={"email": "qin@example.com", "password": PASSWORD, "display_name": "Qin"})
    token = client.post("/api/v1/auth/tokens",
                        json={"email": "qin@example.com", "password": PASSWORD}).json["token"]
    client.patch("/api/v1/me", json={"display_name": "Qin Lan"}, headers={"Authorization": f"Bearer {token}"})

    dump = everything_stored()

    assert registered.status_code == 201
    assert "qin@example.com" in dump and "Qin Lan" in dump  # the dump does see what is stored
    assert PASSWORD not in dump
    assert PASSWORD.split()[0] not in dump
    assert token not in dump
