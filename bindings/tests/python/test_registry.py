"""The registry on the device: searching households and reading a household's page."""

import pandu_ffi as pandu

from helpers import households


def test_the_first_sync_brought_the_registry(device):
    assert len(households(device)) == 20


def test_search_by_name_prefix_and_by_area(device):
    family = households(device)[0]
    prefix = family.head_name.split()[0][:3].lower()

    by_name = device.search_households(pandu.HouseholdQuery(text=prefix), 50)
    assert family.household_id in [h.household_id for h in by_name]

    area = pandu.HouseholdQuery(kelurahan_code=family.kelurahan_code, rw=family.rw, rt=family.rt)
    assert family.household_id in [h.household_id for h in device.search_households(area, 50)]

    assert device.search_households(pandu.HouseholdQuery(text="zzzqx"), 10) == []


def test_household_page_shows_registry_status_and_masked_niks(device):
    family = households(device)[0]
    page = device.household_page(family.household_id)

    assert "PPLS" in page.registry.id and "PPLS" in page.registry.en
    assert page.entitlement is None  # no card or letter issued to this family yet
    assert len(page.members) == family.member_count
    for member in page.members:
        # At most the last four digits of a NIK leave the core.
        assert member.nik_masked is None or sum(c.isdigit() for c in member.nik_masked) <= 4
