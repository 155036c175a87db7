"""(c) Finding a member by NIK through the blind index vs decrypting every row.

N synthetic members (make_nik from real districts, random birth dates and serials) are created
with bulk_create, which encrypts each NIK and fills its HMAC blind index. Each query is a NIK of
an existing member (90 %) or a synthetic NIK that nobody has (10 %).

sipsm: `Member.objects.with_nik(nik).first()` (one indexed equality lookup, one decryption).
Baseline: read every row's NIK through the encrypted field (decrypting it) and compare, stopping
at the first match (the best case for a scan; a miss reads all rows).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.timing import summarize, timed

SEED = 17081945


def _members(n: int, rng: random.Random) -> list[str]:
    from sipsm.identity.nik import make_nik
    from sipsm.regions.models import Region
    from sipsm.registry.models import Member

    villages = list(Region.objects.filter(level=4).order_by("code").values_list("code", flat=True))
    niks: set[str] = set()
    objects: list[Member] = []
    while len(objects) < n:
        village = rng.choice(villages)
        sex = rng.choice("MF")
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
        nik = make_nik(
            district_code=village[:8], birth_date=birth, sex=sex, serial=rng.randint(1, 9999)
        )
        if nik in niks:
            continue
        niks.add(nik)
        objects.append(
            Member(
                full_name=f"Anggota Uji {len(objects) + 1}",
                sex=sex,
                birth_date=birth,
                home_village_id=village,
                nik=nik,
            )
        )
    Member.objects.bulk_create(objects, batch_size=500)
    return [m.nik for m in objects]


def _scan(nik: str) -> int | None:
    from sipsm.registry.models import Member

    for pk, value in Member.objects.order_by("pk").values_list("pk", "nik").iterator(2000):
        if value == nik:
            return int(pk)
    return None


def run(*, members: int, queries: int) -> dict[str, Any]:
    from sipsm.identity.nik import make_nik
    from sipsm.registry.models import Member

    rng = random.Random(SEED)
    created_s, niks = timed(lambda: _members(members, rng))
    existing = set(niks)
    sample: list[str] = []
    while len(sample) < queries:
        if rng.random() < 0.9:
            sample.append(rng.choice(niks))
        else:
            missing = make_nik(
                district_code="75.01.01",
                birth_date=dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000)),
                sex="M",
                serial=rng.randint(1, 9999),
            )
            if missing not in existing:
                sample.append(missing)
    for nik in sample[:5]:
        Member.objects.with_nik(nik).first()

    ours: list[float] = []
    theirs: list[float] = []
    agree = 0
    for nik in sample:
        t_ours, member = timed(lambda nik=nik: Member.objects.with_nik(nik).first())
        t_theirs, pk = timed(lambda nik=nik: _scan(nik))
        ours.append(t_ours)
        theirs.append(t_theirs)
        agree += (member.pk if member else None) == pk
    s_ours, s_theirs = summarize(ours), summarize(theirs)
    return {
        "members": members,
        "create_members_s": created_s,
        "queries": len(sample),
        "misses": sum(1 for nik in sample if nik not in existing),
        "same_results_as_baseline": agree,
        "blind_index": s_ours.as_data(),
        "baseline_decrypt_scan": s_theirs.as_data(),
        "ratio_median": s_ours.median / s_theirs.median,
        "ratio_p95": s_ours.p95 / s_theirs.p95,
    }
