from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from trivsel.attendance import upload
from trivsel.attendance.models import AttendanceRecord
from trivsel.attendance.testing import ALMA, BO, csv_file, make_record, make_school, xlsx_file
from trivsel.lib.time import today
from trivsel.organisation.models import Role

SEPTEMBER = ("01-09-2026", "30-09-2026")


def _client(user, language="en"):
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    return client


def _url(unit):
    return reverse("attendance:import", args=[unit.pk])


def _post(client, unit, data, name="fravaer.csv"):
    return client.post(_url(unit), {"file": SimpleUploadedFile(name, data)})


def test_the_leader_sees_the_form_and_the_file_format(school):
    response = _client(school.leader).get(_url(school.unit))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Import attendance: Skovskolen" in html
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html
    assert "<code>ulovligt fravær</code>" in html
    assert "No attendance has been imported for the school in the last 12 months." in html


def test_the_leader_imports_a_file_and_is_told_how_many_rows(school):
    client = _client(school.leader)
    rows = [[ALMA, *SEPTEMBER, 21, "2,5", 0, 0], [BO, *SEPTEMBER, 21, 0, 0, 0]]
    response = _post(client, school.unit, csv_file(rows))
    assert response.status_code == 302 and response["Location"] == _url(school.unit)
    assert AttendanceRecord.objects.count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "2 rows imported from “fravaer.csv”: 2 new, 0 changed, 0 unchanged." in html


def test_the_import_is_told_in_danish(school):
    client = _client(school.leader, language="da")
    response = _post(client, school.unit, xlsx_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]), name="fravaer.xlsx")
    html = client.get(response["Location"]).content.decode()
    assert "1 række indlæst fra “fravaer.xlsx”: 1 ny, 0 ændrede, 0 uændrede." in html


def test_a_file_with_errors_is_listed_row_by_row_and_nothing_is_imported(school):
    client = _client(school.leader, language="da")
    rows = [[ALMA, *SEPTEMBER, 10, 12, 0, 0], ["0404154004", *SEPTEMBER, 21, 0, 0, 0]]
    response = _post(client, school.unit, csv_file(rows), name="7a-fravær.csv")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Intet er indlæst fra “7a-fravær.csv”" in html
    assert "Filen har 2 fejl. Ret filen og vælg den igen." in html
    assert "<li>Række 2: fravær (12) er flere end skoledagene (10).</li>" in html
    assert "<li>Række 3: CPR-nummeret findes ikke blandt skolens elever.</li>" in html
    assert AttendanceRecord.objects.count() == 0


def test_a_post_without_a_file_asks_for_one(school):
    response = _client(school.leader).post(_url(school.unit), {})
    assert response.status_code == 200
    assert "Choose the file to import." in response.content.decode()


def test_the_upload_is_never_written_to_a_temporary_file(school, settings, monkeypatch):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django's own handlers would write this file to disk

    def refuse(*args, **kwargs):
        raise AssertionError("the upload went to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", refuse)
    response = _post(_client(school.leader), school.unit, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    assert response.status_code == 302
    assert AttendanceRecord.objects.count() == 1


def test_a_file_too_large_is_refused_unread(school, monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 50)
    response = _post(_client(school.leader), school.unit, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    assert response.status_code == 200
    assert "The file is larger than 5 MB. Split it into smaller files." in response.content.decode()
    assert AttendanceRecord.objects.count() == 0


def test_the_page_shows_the_schools_last_twelve_months(school):
    month = today().replace(day=1)
    make_record(school.alma, school.unit, month, month + datetime.timedelta(days=6), expected_days=5)
    make_record(
        school.bo, school.unit, month, month + datetime.timedelta(days=6), sick_days=Decimal(1), expected_days=5
    )
    html = _client(school.leader).get(_url(school.unit)).content.decode()
    assert "<td>2</td><td>10.0 %</td><td>0.0 %</td>" in html


@pytest.mark.parametrize("who", ["teacher", "other_leader", "kindergarten_leader", "parent"])
def test_anyone_but_the_leader_gets_404_and_imports_nothing(school, cast, who):
    other = make_school(name="Bakkeskolen")
    user = {
        "teacher": school.teacher,
        "other_leader": other.unit.memberships.get(role=Role.LEADER).user,
        "kindergarten_leader": cast.leader,
        "parent": cast.parent,
    }[who]
    client = _client(user)
    assert client.get(_url(school.unit)).status_code == 404
    assert _post(client, school.unit, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]])).status_code == 404
    assert AttendanceRecord.objects.count() == 0


def test_a_kindergarten_has_no_attendance_page_even_for_its_leader(cast):
    assert _client(cast.leader).get(_url(cast.unit)).status_code == 404


def test_an_administrator_may_import_for_any_school(school, cast):
    response = _post(_client(cast.administrator), school.unit, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    assert response.status_code == 302
    assert AttendanceRecord.objects.get().imported_by == cast.administrator


def test_a_missing_unit_is_404(school):
    assert _client(school.leader).get(reverse("attendance:import", args=[school.unit.pk + 1000])).status_code == 404


def test_the_form_is_protected_against_cross_site_posts(school):
    client = Client(enforce_csrf_checks=True)
    client.force_login(school.leader)
    response = _post(client, school.unit, csv_file([[ALMA, *SEPTEMBER, 21, 0, 0, 0]]))
    assert response.status_code == 403
    assert AttendanceRecord.objects.count() == 0
