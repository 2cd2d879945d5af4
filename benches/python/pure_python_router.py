"""The baseline of bench_route_batch.py: the same routing written the way an analyst would in
plain Python (dicts and loops over the network JSON), for the rule shapes the Sud Haut-Marnais
network uses.

Same semantics as the engine on that network: level needed from the case and its flags;
mandatory rules (highest priority first), then the origin itself (step `local`), then preferred,
then fallback rules; an origin that is a location enters the network at the nearest site working
in the filière (then the next, up to three, until one routes); a rule applies when in force, for the filière, when the origin selector and
the flag conditions hold; among its targets the nearest qualifying site wins (ties: the origin,
then the smaller id); a site qualifies when open, its membership and capability are in force and
high enough, and it is within the distance limits. Not written: patient choice, exclusions,
escalation, tele-services and travel matrices (the benchmark cases never need them; the
benchmark checks that both give the same targets).
"""

from __future__ import annotations

import math
from typing import Any

STRENGTH = {"mandatory": 0, "preferred": 1, "fallback": 2}


def day(text: str | None) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` as a comparable `YYYY-MM-DD` text."""
    if text is None:
        return None
    return (text + "-01-01")[:10] if len(text) == 4 else (text + "-01")[:10]


def in_force(validity: dict[str, Any] | None, date: str) -> bool:
    if not validity:
        return True
    status = validity.get("status", "active")
    if status in ("planned", "in_progress") or (status == "ended" and "to" not in validity):
        return False
    start, end = day(validity.get("from")), day(validity.get("to"))
    return (start is None or start <= date) and (end is None or date <= end)


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Router:
    def __init__(self, net: dict[str, Any]) -> None:
        self.locations = {loc["id"]: (loc["lat"], loc["lon"]) for loc in net["locations"]}
        self.sites = {s["id"]: s for s in net["sites"]}
        self.site_xy = {s["id"]: self.locations[s["location"]] for s in net["sites"]}
        self.levels = {f["id"]: [lv["id"] for lv in f["levels"]] for f in net["filieres"]}
        self.flag_levels = {f["id"]: f.get("flag_levels", {}) for f in net["filieres"]}
        entity_sites: dict[str, list[str]] = {}
        for s in net["sites"]:
            entity_sites.setdefault(s["legal_entity"], []).append(s["id"])
        self.groupings = {g["id"]: g for g in net["groupings"]}
        # grouping -> [(site, role, validity)]
        self.members: dict[str, list[tuple[str, str, Any]]] = {}
        for m in net["memberships"]:
            for site in entity_sites.get(m["member"], [m["member"]]):
                self.members.setdefault(m["grouping"], []).append(
                    (site, m["role"], m.get("validity"))
                )
        self.caps: dict[tuple[str, str], list[tuple[int, Any]]] = {}
        for c in net["capabilities"]:
            rank = self.levels[c["filiere"]].index(c["level"])
            self.caps.setdefault((c["site"], c["filiere"]), []).append((rank, c.get("validity")))
        order = sorted(
            enumerate(net["rules"]),
            key=lambda ir: (STRENGTH[ir[1]["strength"]], -ir[1].get("priority", 0), ir[0]),
        )
        self.rules = [r for _, r in order]

    def capability(self, site: str, filiere: str, date: str) -> int | None:
        ranks = [r for r, v in self.caps.get((site, filiere), []) if in_force(v, date)]
        return max(ranks) if ranks else None

    def groupings_of(self, site: str, date: str) -> list[tuple[str, str]]:
        return [
            (g, role)
            for g, members in self.members.items()
            for s, role, v in members
            if s == site and in_force(v, date) and in_force(self.groupings[g].get("validity"), date)
        ]

    def targets(self, rule: dict[str, Any], origin: str | None, date: str) -> list[tuple[str, Any]]:
        t = rule["target"]
        if "grouping_members" in t:
            g = t["grouping_members"]
            return [(s, v) for s, _, v in self.members.get(g, [])]
        if "grouping_role" in t:
            g, role = t["grouping_role"]["grouping"], t["grouping_role"]["role"]
            return [(s, v) for s, r, v in self.members.get(g, []) if r == role]
        if "origin_grouping_role" in t:
            kind, role = t["origin_grouping_role"]["kind"], t["origin_grouping_role"]["role"]
            out = []
            for g, _ in self.groupings_of(origin, date) if origin else []:
                if self.groupings[g]["kind"] == kind:
                    out += [(s, v) for s, r, v in self.members[g] if r == role]
            return out
        raise NotImplementedError(f"target {t}")

    def applies(self, rule: dict[str, Any], case: dict[str, Any], origin: str | None) -> bool:
        date = case["date"]
        if not in_force(rule.get("validity"), date):
            return False
        if rule.get("filieres") and case["filiere"] not in rule["filieres"]:
            return False
        selector = rule.get("origin") or {}
        for key, value in selector.items():
            if key != "member_of":
                raise NotImplementedError(f"origin selector {key}")
            if origin is None or value not in [g for g, _ in self.groupings_of(origin, date)]:
                return False
        needed = (rule.get("when") or {}).get("flags", [])
        return all(f in case.get("flags", []) for f in needed)

    def qualifies(self, site: str, validity: Any, case: dict[str, Any], level: int,
                  at: tuple[float, float], limit: float | None) -> float | None:
        date = case["date"]
        if not in_force(self.sites[site].get("validity"), date) or not in_force(validity, date):
            return None
        cap = self.capability(site, case["filiere"], date)
        if cap is None or cap < level:
            return None
        km = haversine(at, self.site_xy[site])
        if limit is not None and km > limit:
            return None
        max_km = case.get("max_distance_km")
        if max_km is not None and km > max_km:
            return None
        return km

    def route(self, case: dict[str, Any]) -> dict[str, Any]:
        filiere = case["filiere"]
        if filiere not in self.levels:
            return {"outcome": "invalid", "reason": "unknown_filiere"}
        levels = self.levels[filiere]
        wanted = case.get("level") or levels[0]
        if wanted not in levels:
            return {"outcome": "invalid", "reason": "unknown_level"}
        level = levels.index(wanted)
        for flag in case.get("flags", []):
            if flag in self.flag_levels[filiere]:
                level = max(level, levels.index(self.flag_levels[filiere][flag]))
        origin = case["origin"]
        if origin in self.sites:
            return self.route_from(case, level, origin, self.site_xy[origin])
        if origin not in self.locations:
            return {"outcome": "invalid", "reason": "unknown_origin"}
        # A location (no rule of this network names one) enters the network at the nearest
        # site working in the filière at the date, then the next nearest, up to three.
        at = self.locations[origin]
        entries = sorted(
            (haversine(at, self.site_xy[s]), s) for s in self.sites
            if in_force(self.sites[s].get("validity"), case["date"])
            and self.capability(s, filiere, case["date"]) is not None
        )[:3]
        first = None
        for _, entry in entries:
            found = self.route_from(case, level, entry, at)
            if found["outcome"] == "routed":
                return found
            first = first or found
        return first or self.route_from(case, level, None, at)

    def route_from(self, case: dict[str, Any], level: int, site: str | None,
                   at: tuple[float, float]) -> dict[str, Any]:
        """Routes from origin site `site` (None: no site), distances from `at`."""
        levels = self.levels[case["filiere"]]
        any_rule = False

        def by_rules(strength: str) -> dict[str, Any] | None:
            nonlocal any_rule
            for rule in self.rules:
                if rule["strength"] != strength or not self.applies(rule, case, site):
                    continue
                any_rule = True
                best = None
                for target, validity in self.targets(rule, site, case["date"]):
                    km = self.qualifies(target, validity, case, level, at,
                                        rule.get("max_distance_km"))
                    if km is not None:
                        key = (km, target != site, target)
                        if best is None or key < best:
                            best = key
                if best is not None:
                    step = "local" if best[2] == site else rule["step"]
                    return {"outcome": "routed", "target": best[2], "step": step,
                            "rule": rule["id"], "level": levels[level], "distance_km": best[0]}
            return None

        found = by_rules("mandatory")
        if found:
            return found
        km = None if site is None else self.qualifies(site, None, case, level, at, None)
        if km is not None:
            return {"outcome": "routed", "target": site, "step": "local", "level": levels[level],
                    "distance_km": km}
        found = by_rules("preferred") or by_rules("fallback")
        if found:
            return found
        reason = "no_qualifying_target" if any_rule else "no_applicable_rule"
        return {"outcome": "no_route", "reason": reason, "level": levels[level]}
