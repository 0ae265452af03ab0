from __future__ import annotations

from django.urls import reverse

from trivsel.screening.scale import active_scale


def test_administrators_see_the_scales_but_cannot_change_them(administrator_client):
    scale = active_scale()
    assert scale is not None
    listing = administrator_client.get(reverse("admin:screening_positionscale_changelist"))
    assert listing.status_code == 200 and "TOPI" in listing.content.decode()
    page = administrator_client.get(reverse("admin:screening_positionscale_change", args=[scale.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Grøn" in html and "Sociale kompetencer" in html
    assert 'name="_save"' not in html
    assert administrator_client.get(reverse("admin:screening_positionscale_add")).status_code == 403
