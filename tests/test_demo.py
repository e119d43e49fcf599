"""The demo seed: what `make run` loads, once."""

from db.accounts import User
from db.assisters import Agency, Assister
from db.associations import Association
from db.consumers import Consumer
from portal import demo


def _counts():
    return [m.select().count() for m in (User, Agency, Assister, Consumer, Association)]


def test_seed_loads_the_demo_once(app):
    with app.app_context():
        _seed_twice()


def _seed_twice():
    assert demo.seed() is True
    first = _counts()
    assert demo.seed() is False
    assert _counts() == first
    assert Agency.select().count() == 2 and Consumer.select().count() == 40
    for kind in ("broker", "navigator", "cac"):
        assert Assister.select().where(Assister.assister_type == kind).count() == 4
    statuses = {a.status for a in Association.select()}
    assert statuses == {"new", "in_progress", "ended"}
    for username, _role, _password in demo.SIGN_INS:
        assert User.get(User.username == username)
