"""Official BMKG alerts into incidents: CAP 1.2 weather warnings (nowcast RSS + CAP XML) and
InaTEWS earthquake feeds, from files, directories, URLs (`sipsm ingest_bmkg`) and a periodic
task (`bmkg.tasks.poll_bmkg`).

Modules: `cap` (CAP 1.2 parser), `rss` (nowcast index), `tews` (earthquake feeds and the
affected-area rule), `geo` (point in polygon / circle), `mapping` (CAP areas to villages),
`classify` (incident type), `actions` (state changes), `ingest` (orchestration, de-duplication,
Update/Cancel), `fetch` (rate-limited conditional GET), `tasks` (polling).

**Status of new incidents: "reported".** A BMKG warning or a strong earthquake is an official
observation of a hazard, not of harm: a thunderstorm warning for a kecamatan does not mean
anybody there needs a PSM. Verifying an incident starts the call-out of the nearest PSMs, and
that decision stays with a coordinator, who sees the official source (channel `bmkg_cap` /
`bmkg_quake`, reporter "BMKG", the raw message) and the affected villages, and can verify at
once. Creating them "verified" would page volunteers for every nowcast (BMKG issues dozens a
day). Earthquakes and warnings therefore arrive as "reported" on the coordinators' boards of
the affected regions.

**Credit.** BMKG asks to be credited as the source: every incident carries "BMKG" as the
reporter name and a "Source: BMKG (Badan Meteorologi, Klimatologi, dan Geofisika)" line in its
description, with the BMKG link (infographic or shakemap) when the message has one.

**Cancel.** A CAP Cancel stands down the referenced incident while it is "reported" or
"verified"; once PSMs are responding (or in recovery) the cancellation is put on the timeline
and the coordinator decides, as people may already be helping with real damage.
"""
