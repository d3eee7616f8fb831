import threading

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from courses import services
from courses.models import CartItem, Enrollment, Order
from tests.factories import CourseFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_checkouts_register_once():
    user, course = UserFactory(), CourseFactory()
    services.cart_add(user=user, item=course, now=timezone.now())
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.checkout_confirm(user=user, now=timezone.now())
            outcomes.append("registered")
        except services.RegistrationError as exc:
            outcomes.append(str(exc))
        except OperationalError:  # SQLite has no row locks: the loser is told the database is busy
            outcomes.append("busy")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("registered") == 1
    assert "Your cart is empty: nothing was registered." in outcomes
    assert Order.objects.filter(user=user).count() == 1
    assert Enrollment.objects.filter(user=user).count() == 1
    assert not CartItem.objects.filter(user=user).exists()
