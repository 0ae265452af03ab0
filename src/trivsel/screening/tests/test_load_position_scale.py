from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from trivsel.screening.scale import DATA, active_scale


def test_the_command_loads_a_scale_and_reports_its_positions(db, capsys):
    call_command("load_position_scale", str(DATA / "scale_barometer.json"))
    scale = active_scale()
    assert scale is not None and scale.positions.count() == 4
    assert "I trivsel, Sårbar, Udsat, Truet" in capsys.readouterr().out


def test_the_command_refuses_an_invalid_file(db, tmp_path):
    path = tmp_path / "scale.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match=r"scale\.json: the file must be an object"):
        call_command("load_position_scale", str(path))
