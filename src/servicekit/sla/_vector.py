"""SLA clocks of many tickets at once, on numpy arrays (private).

:func:`vectorised` is :func:`~servicekit.sla.evaluate_table`'s fast path. It takes
the tickets whose events need none of the engine's rarer rules and computes what
the engine's walk and measurement (:mod:`servicekit.sla._engine`) compute for them,
on whole columns: a ticket's status and priority carried forward by index tricks,
the reply cycles found from the positions of replies, messages and solving
statuses, the status clocks' running spans from the status segments, business
time for every span at once (``elapsed_many``) and every deadline at once
(``add_many``). Python loops run per calendar, metric and target, never per ticket.

A ticket takes the fast path when, with a single :class:`~servicekit.sla.Policy`
whose calendars are servicekit calendars (or 24/7), its events up to ``now``:

- begin with its one ``created`` event (no event before it, none at its instant
  listed before it, no second one);
- are of the kinds ``created``, ``customer_message``, ``agent_reply``,
  ``internal_note``, ``status``, ``priority``, ``field`` and ``tags`` only (a single
  policy's clocks read a ``field`` event on the priority as a ``priority`` event,
  and no other ``field`` or ``tags`` event);
- hold no two events of the same kind at the same instant, nor three events at
  one instant (so no exact copies);
- set only statuses the policy knows, and nothing follows a closing status;
- leave the ticket at ``now`` with a priority the policy has targets for;
- lie within the years calendars support and less than 2**53 microseconds (285
  years) before ``now``, where integers and floats compare exactly.

Every other ticket (a problem to report, a due date, a policy set, an invalid
row, ...) goes to the engine, one by one; so does every ticket of a call in which
a calendar raises (no business time within its horizon, a deadline beyond the
supported years), so that errors are the engine's. The results are those of the
engine, value for value (a property test compares them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicekit.exceptions import ServicekitError
from servicekit.hours import Hours
from servicekit.sla._clock import CALENDAR_END_US, CALENDAR_FIRST_US, MAX_US
from servicekit.sla._engine import _STATUS_DRIVEN, CLOCK_STATUSES
from servicekit.sla._events import KINDS
from servicekit.sla._policy import Policy

if TYPE_CHECKING:
    from servicekit.sla._policy import Target
    from servicekit.sla._policyset import PolicySet
    from servicekit.sla._table import _Columns

__all__ = ["vectorised"]

_CREATED = KINDS.index("created")
_MESSAGE = KINDS.index("customer_message")
_REPLY = KINDS.index("agent_reply")
_NOTE = KINDS.index("internal_note")
_STATUS = KINDS.index("status")
_PRIORITY = KINDS.index("priority")
_FIELD = KINDS.index("field")
_TAGS = KINDS.index("tags")
_FAST_KINDS = (_CREATED, _MESSAGE, _REPLY, _NOTE, _STATUS, _PRIORITY, _FIELD, _TAGS)
_EXACT = 2**53
_RUN, _PAUSE, _STOP = 0, 1, 2
_HOW = {"run": _RUN, "pause": _PAUSE, "stop": _STOP}
_STATE = {name: k for k, name in enumerate(CLOCK_STATUSES)}
_US = 1_000_000


def _modules() -> tuple[Any, Any, Any]:
    """pyarrow, pyarrow.compute and numpy (the caller imported them already)."""
    import numpy as np  # noqa: PLC0415 - optional dependency, imported on use
    import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415
    import pyarrow.compute as pc  # type: ignore[import-untyped]  # noqa: PLC0415

    return pa, pc, np


def _ffill(np: Any, has: Any) -> Any:  # noqa: ANN401
    """For each position, the last position at or before it where ``has`` holds (else 0)."""
    idx = np.where(has, np.arange(has.size), 0)
    return np.maximum.accumulate(idx) if idx.size else idx


def _among(np: Any, values: Any, codes: tuple[int, ...], size: int = len(KINDS)) -> Any:  # noqa: ANN401
    """Whether each of ``values`` (small non-negative ints below ``size``) is in ``codes``."""
    table = np.zeros(size, dtype=bool)
    table[list(codes)] = True
    return table[values]


def _codes(pc: Any, np: Any, column: Any) -> tuple[Any, list[str]]:  # noqa: ANN401
    """A text column as int64 codes (-1 for null) and the list of its values."""
    encoded = pc.dictionary_encode(column)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    return codes, encoded.dictionary.to_pylist()


class _Cycles:
    """Cycles to measure, as lists of numpy arrays gathered metric by metric (private)."""

    __slots__ = ("metric", "priority", "reason", "running", "slot", "start", "stop", "target")

    def __init__(self) -> None:
        self.slot: list[Any] = []  # the taken ticket's slot; each metric's in slot order
        self.metric: list[Any] = []
        self.priority: list[Any] = []
        self.reason: list[Any] = []  # -1: none
        self.running: list[Any] = []  # whether the clock runs at the cycle's end
        self.start: list[Any] = []
        self.stop: list[Any] = []  # _NONE: still open
        self.target: list[Any] = []


_NONE = -(2**63)  # no instant: below every instant a datetime holds


def vectorised(  # noqa: C901, PLR0912, PLR0915 - one vectorised pass
    cols: _Columns,
    policy: Policy | PolicySet,
    now_us: int,
    schema: Any,  # noqa: ANN401 - a pyarrow.Schema
) -> tuple[Any, Any, Any]:
    """Evaluate the tickets of ``cols`` that need no rarer rule, on arrays.

    Returns:
        ``(fast, rows, tickets)``: a numpy bool per ticket (taken here), the result
        rows of those tickets (a ``pyarrow.Table`` in ``schema``, ticket by ticket
        in their order, or ``None`` when no ticket was taken), and for each row its
        ticket's position.
    """
    pa, pc, np = _modules()
    n_tickets = len(cols.bounds) - 1
    nothing = (np.zeros(n_tickets, dtype=bool), None, None)
    if not isinstance(policy, Policy) or not n_tickets:
        return nothing
    targets: list[Target] = list({id(t): t for t in policy._index.values()}.values())  # noqa: SLF001
    if any(t.calendar is not None and not isinstance(t.calendar, Hours) for t in targets):
        return nothing
    calendars: list[Hours] = []
    for target in targets:
        if isinstance(target.calendar, Hours) and all(target.calendar is not c for c in calendars):
            calendars.append(target.calendar)
    if calendars and not CALENDAR_FIRST_US <= now_us < CALENDAR_END_US:
        return nothing

    # ---- the rows, ticket by ticket in time order (stable)
    bounds = np.asarray(cols.bounds, dtype=np.int64)
    tid = np.repeat(np.arange(n_tickets), np.diff(bounds))
    at = cols.at.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
    kind = np.asarray(cols.kind, dtype=np.int64)
    # A single policy's clocks see a field event on the priority as a priority
    # event; other field events and tags events change nothing they count.
    on_priority = (kind == _FIELD) & pc.fill_null(pc.equal(cols.field, "priority"), False).to_numpy(  # noqa: FBT003
        zero_copy_only=False
    )
    priority = cols.priority
    if on_priority.any():
        priority = pc.if_else(pa.array(on_priority), cols.value, priority)
    pcode, pvocab = _codes(pc, np, priority)
    acts = np.where(_among(np, kind, (_FIELD, _TAGS)), _NOTE, kind)
    acts[on_priority] = _PRIORITY
    scode, svocab = _codes(pc, np, cols.status)
    bad = np.asarray(cols.bad, dtype=bool)
    same = tid[1:] == tid[:-1]
    if (same & (at[1:] < at[:-1])).any():
        perm = np.lexsort((at, tid))
        at, kind, acts = at[perm], kind[perm], acts[perm]
        pcode, scode, bad = pcode[perm], scode[perm], bad[perm]
    first = bounds[:-1]

    # ---- which tickets need the engine
    seen = at <= now_us  # events after now are not counted yet
    slow = np.bincount(tid, weights=bad, minlength=n_tickets) > 0
    slow |= (kind[first] != _CREATED) | ~seen[first]
    slow |= np.bincount(tid, weights=seen & (kind == _CREATED), minlength=n_tickets) != 1
    unusual = seen & ~_among(np, kind, _FAST_KINDS)
    slow |= np.bincount(tid, weights=unusual, minlength=n_tickets) > 0
    both = same & seen[1:]
    twin = both & (at[1:] == at[:-1]) & (kind[1:] == kind[:-1])
    slow[tid[1:][twin]] = True
    triple = both[1:] & same[:-1] & (at[2:] == at[:-2])
    slow[tid[2:][triple]] = True
    kind = acts  # from here on, what each event does
    if "new" not in svocab:
        svocab = [*svocab, "new"]
    new = svocab.index("new")
    statuses = policy.statuses
    category = [statuses.category(name) for name in svocab]
    known = np.array([c is not None for c in category] + [True])  # code -1: no status
    is_status = kind == _STATUS
    slow[tid[seen & is_status & ~known[scode]]] = True
    closing = np.array([c == "closed" for c in category] + [False])
    closed = seen & is_status & closing[scode]
    done = np.cumsum(closed) - closed  # closing statuses before each row ...
    done -= done[first][tid]  # ... of its ticket
    slow[tid[seen & (done > 0)]] = True
    if calendars:
        outside = seen & ((at < CALENDAR_FIRST_US) | (at >= CALENDAR_END_US))
        slow[tid[outside]] = True
    slow |= now_us - at[first] >= _EXACT

    # ---- the events that count, of the tickets taken; a status event that sets
    # the status the ticket already has changes nothing (the walk skips it too)
    keep = seen & ~slow[tid] & (kind != _NOTE)
    rows = np.flatnonzero(keep & is_status)
    prev = np.full(rows.size, new, dtype=np.int64)
    if rows.size:
        prev[1:] = np.where(tid[rows[1:]] == tid[rows[:-1]], scode[rows[:-1]], new)
    keep[rows[scode[rows] == prev]] = False
    # the priority at now must have targets (else the engine reports a problem)
    rows = np.flatnonzero(keep)
    e_tid, e_kind = tid[rows], kind[rows]
    e_pri = pcode[rows][_ffill(np, _among(np, e_kind, (_CREATED, _PRIORITY)))]
    last = np.flatnonzero(np.append(e_tid[1:] != e_tid[:-1], True)) if rows.size else rows
    has_targets = np.array([p in policy.targets for p in pvocab] + [False])
    unknown = ~has_targets[e_pri[last]]
    slow[e_tid[last[unknown]]] = True
    rows = rows[~slow[e_tid]]
    if not rows.size:
        return nothing
    t = tid[rows]  # the ticket of each event that counts
    ev_at, ev_kind = at[rows], kind[rows]
    ev_status = np.where(ev_kind == _CREATED, new, scode[rows])
    ev_pri = pcode[rows][_ffill(np, _among(np, ev_kind, (_CREATED, _PRIORITY)))]
    status_now = ev_status[_ffill(np, _among(np, ev_kind, (_CREATED, _STATUS)))]
    heads = np.flatnonzero(np.append(True, t[1:] != t[:-1]))
    tickets = t[heads]  # the taken tickets' positions, ascending
    slot = np.full(n_tickets, -1, dtype=np.int64)
    slot[tickets] = np.arange(tickets.size)
    created = ev_at[heads]
    current = ev_pri[np.append(heads[1:], t.size) - 1]  # the priority at now

    # ---- targets: per (priority, metric), an index into the target arrays
    metrics = list(policy.metrics)
    lookup = np.full((len(pvocab) + 1, len(metrics)), -1, dtype=np.int64)
    index = {id(target): k for k, target in enumerate(targets)}
    for (priority, metric), target in policy._index.items():  # noqa: SLF001
        if priority in pvocab:
            lookup[pvocab.index(priority), metrics.index(metric)] = index[id(target)]
    within = np.array([target._within_us for target in targets], dtype=np.int64)  # noqa: SLF001
    warn = np.array([target._warn_us for target in targets], dtype=np.float64)  # noqa: SLF001
    which = np.array(
        [next((k for k, c in enumerate(calendars) if c is t.calendar), -1) for t in targets],
        dtype=np.int64,
    )
    solving = np.array([c in ("solved", "closed") for c in category] + [False])
    reasons = ["agent_reply", *svocab]  # reason code: 0, or 1 + the status's code

    cycles = _Cycles()

    def add(  # noqa: PLR0917 - the cycle's fields, one array each
        metric: int,
        ticket: Any,  # noqa: ANN401
        start: Any,  # noqa: ANN401
        stop: Any,  # noqa: ANN401
        reason: Any,  # noqa: ANN401
        priority: Any,  # noqa: ANN401
        running: Any,  # noqa: ANN401
    ) -> Any:  # noqa: ANN401
        """Keep the cycles with a target (the engine measures only those)."""
        target = lookup[priority, metric]
        ok = target >= 0
        cycles.metric.append(np.full(int(ok.sum()), metric, dtype=np.int64))
        cycles.slot.append(slot[ticket[ok]])
        cycles.start.append(start[ok])
        cycles.stop.append(stop[ok])
        cycles.reason.append(reason[ok])
        cycles.priority.append(priority[ok])
        cycles.target.append(target[ok])
        cycles.running.append(running[ok])
        return ok

    # ---- reply cycles (see _walk): replies and solving statuses stop them
    reply = ev_kind == _REPLY
    is_stop = reply | ((ev_kind == _STATUS) & solving[ev_status])
    stops = np.flatnonzero(is_stop)
    stop_reason = np.where(reply[stops], 0, 1 + ev_status[stops])
    stop_tickets = t[stops]
    follows = np.append(stop_tickets[1:] == stop_tickets[:-1], False)
    after = np.minimum(np.arange(stops.size) + 1, stops.size - 1)  # the next stop
    if "first_reply" in metrics:
        # from creation to the first stop
        at_first = np.flatnonzero(np.append(True, stop_tickets[1:] != stop_tickets[:-1]))
        at_first = at_first[at_first < stops.size]
        has = stop_tickets[at_first]
        stop_row = np.full(tickets.size, -1, dtype=np.int64)
        stop_row[slot[has]] = stops[at_first]
        reason = np.full(tickets.size, -1, dtype=np.int64)
        reason[slot[has]] = stop_reason[at_first]
        ended = stop_row >= 0
        add(
            metrics.index("first_reply"),
            tickets,
            created,
            np.where(ended, ev_at[stop_row], _NONE),
            reason,
            np.where(ended, ev_pri[stop_row], current),
            np.ones(tickets.size, dtype=bool),
        )
    if "next_reply" in metrics:
        # from a customer message right after a stop to the next stop, if later
        message = ev_kind == _MESSAGE
        q = np.flatnonzero(message | is_stop)
        opens = np.zeros(q.size, dtype=bool)
        opens[1:] = message[q[1:]] & (t[q[1:]] == t[q[:-1]]) & is_stop[q[:-1]]
        begin = q[opens]
        k = np.searchsorted(stops, begin, side="right")  # every begin follows a stop
        k = np.minimum(k, stops.size - 1)
        ended = (stops[k] > begin) & (stop_tickets[k] == t[begin])
        end = stops[k]
        count = ~ended | (ev_at[end] > ev_at[begin])
        begin, k, ended, end = begin[count], k[count], ended[count], end[count]
        add(
            metrics.index("next_reply"),
            t[begin],
            ev_at[begin],
            np.where(ended, ev_at[end], _NONE),
            np.where(ended, stop_reason[k], -1),
            np.where(ended, ev_pri[end], current[slot[t[begin]]]),
            np.ones(begin.size, dtype=bool),
        )
    if "periodic_update" in metrics:
        # from a reply while not solved to the next stop, if later
        opening = reply[stops] & ~solving[status_now[stops]]
        closes = opening & follows
        closes[closes] = ev_at[stops[after[closes]]] > ev_at[stops[closes]]
        runs = opening & ~follows  # the last stop: the cycle still runs
        chosen = np.flatnonzero(closes | runs)  # in the order of their starts
        begin, ended, end = stops[chosen], closes[chosen], stops[after[chosen]]
        add(
            metrics.index("periodic_update"),
            t[begin],
            ev_at[begin],
            np.where(ended, ev_at[end], _NONE),
            np.where(ended, stop_reason[after[chosen]], -1),
            np.where(ended, ev_pri[end], current[slot[t[begin]]]),
            np.ones(begin.size, dtype=bool),
        )

    # ---- status clocks (see _stop_segment, _status_cycle): the segments are the
    # created event and every status change
    seg = np.flatnonzero(_among(np, ev_kind, (_CREATED, _STATUS)))
    seg_t = t[seg]
    seg_no = np.arange(seg.size)
    more = np.append(seg_t[1:] == seg_t[:-1], False)
    seg_begin = ev_at[seg]
    seg_end = np.where(more, np.append(seg_begin[1:], 0), now_us)
    seg_status = ev_status[seg]
    spans: list[tuple[int, Any, Any, Any]] = []  # per metric: block, cycle, start, end
    for m, metric in enumerate(metrics):
        if metric not in _STATUS_DRIVEN:
            continue
        table = statuses._how[metric]  # noqa: SLF001 - the map's own table
        seg_how = np.array([_HOW[table.get(name, "run")] for name in svocab])[seg_status]
        # per ticket, the last segment that does not stop the clock (segment 0, new,
        # always runs); a segment after it stops the cycle
        going = np.flatnonzero(seg_how != _STOP)
        last_go = going[np.append(seg_t[going[1:]] != seg_t[going[:-1]], True)]
        nxt = np.minimum(last_go + 1, seg.size - 1)
        stopping = (last_go + 1 < seg.size) & (seg_t[nxt] == seg_t[last_go])
        limit = last_go[slot[seg_t]]
        kept = (seg_no <= limit) & ((seg_end > seg_begin) | (seg_no == limit))
        run = kept & (seg_how == _RUN)
        kidx = np.flatnonzero(kept)
        linked = np.append(False, seg_t[kidx[1:]] == seg_t[kidx[:-1]])
        prev_run = np.append(False, run[kidx[:-1]]) & linked
        next_run = np.append(run[kidx[1:]], False) & np.append(linked[1:], False)
        head = kidx[run[kidx] & ~prev_run]  # the first segment of each running span
        tail = kidx[run[kidx] & ~next_run]  # and its last
        priority = np.where(stopping, ev_pri[seg[nxt]], current)
        block = len(cycles.target)
        ok = add(
            m,
            tickets,
            created,
            np.where(stopping, seg_begin[nxt], _NONE),
            np.where(stopping, 1 + seg_status[nxt], -1),
            priority,
            seg_how[last_go] == _RUN,
        )
        rank = np.cumsum(ok) - 1
        owner = slot[seg_t[head]]
        measured = ok[owner]
        spans.append(
            (block, rank[owner[measured]], seg_begin[head[measured]], seg_end[tail[measured]])
        )

    # ---- measure every cycle (see _measure): business time per span, the deadline
    # where the target runs out
    offsets = np.concatenate(([0], np.cumsum([a.size for a in cycles.target])))
    c_slot = np.concatenate(cycles.slot)
    c_metric = np.concatenate(cycles.metric)
    c_start = np.concatenate(cycles.start)
    c_stop = np.concatenate(cycles.stop)
    c_reason = np.concatenate(cycles.reason)
    c_priority = np.concatenate(cycles.priority)
    c_target = np.concatenate(cycles.target)
    c_running = np.concatenate(cycles.running)
    n = c_target.size
    from_status = np.zeros(n, dtype=bool)
    for block, *_ in spans:
        from_status[offsets[block] : offsets[block + 1]] = True
    replies = np.flatnonzero(~from_status)  # one span each, running at its end
    # The reply metrics' cycles come first, then the status metrics' blocks, each in
    # the order of its cycles: the spans are in the order of their cycles.
    g = np.concatenate([replies, *(offsets[b] + r for b, r, _, _ in spans)])
    s = np.concatenate([c_start[replies], *(x for _, _, x, _ in spans)])
    e = np.concatenate(
        [np.where(c_stop[replies] != _NONE, c_stop[replies], now_us), *(x for *_, x in spans)]
    )
    w = within[c_target[g]]
    cal = which[c_target[g]]
    try:
        el = e - s
        for k, calendar in enumerate(calendars):
            on = np.flatnonzero(cal == k)
            if on.size:
                el[on] = calendar.elapsed_many(s[on].view("M8[us]"), e[on].view("M8[us]")).view(
                    np.int64
                )
        starts = np.flatnonzero(np.append(True, g[1:] != g[:-1])) if g.size else g
        lasts = np.append(starts[1:], g.size) - 1 if g.size else g
        run_after = np.cumsum(el)
        run_after -= np.repeat(run_after[starts] - el[starts], np.diff(np.append(starts, g.size)))
        run_before = run_after - el
        reached = np.flatnonzero(run_after >= w)
        firsts = (
            reached[np.append(True, g[reached[1:]] != g[reached[:-1]])] if reached.size else reached
        )
        fr = np.full(n, -1, dtype=np.int64)  # the span where the target runs out
        fr[g[firsts]] = firsts
        last_span = np.full(n, -1, dtype=np.int64)
        last_span[g[lasts]] = lasts
        total = np.zeros(n, dtype=np.int64)
        total[g[lasts]] = run_after[lasts]
        # the deadline is counted from the span where the target runs out, else from
        # the last span of a clock that runs at its end
        from_span = np.where(fr >= 0, fr, np.where(c_running & (last_span >= 0), last_span, -1))
        has_deadline = from_span >= 0
        fs = from_span[has_deadline]
        d_start, d_left, d_cal = s[fs], w[fs] - run_before[fs], cal[fs]
        deadline_v = d_start + d_left
        for k, calendar in enumerate(calendars):
            on = np.flatnonzero(d_cal == k)
            if on.size:
                deadline_v[on] = calendar.add_many(
                    d_start[on].view("M8[us]"), d_left[on].view("m8[us]")
                ).view(np.int64)
    except ServicekitError:
        return nothing  # a calendar's error: the engine reports it, ticket by ticket
    deadline = np.full(n, _NONE, dtype=np.int64)
    deadline[has_deadline] = deadline_v
    reach = fr >= 0
    breached = np.zeros(n, dtype=bool)
    breached[reach] = deadline[reach] < e[fr[reach]]
    ran_again = (fr[g] >= 0) & (np.arange(g.size) > fr[g]) & (e > s)  # after the deadline
    breached |= np.bincount(g[ran_again], minlength=n) > 0
    stopped = c_stop != _NONE
    running_state = np.where(total >= warn[c_target], _STATE["at_risk"], _STATE["on_track"])
    state = np.where(
        stopped,
        np.where(breached, _STATE["missed"], _STATE["met"]),
        np.where(
            breached,
            _STATE["breached"],
            np.where(c_running, running_state, _STATE["paused"]),
        ),
    )

    # ---- a metric with a target now and no measured cycle: not started
    counted = np.zeros((tickets.size, len(metrics)), dtype=np.int64)
    np.add.at(counted, (c_slot, c_metric), 1)
    target_now = lookup[current]
    idle_slot, idle_metric = np.nonzero((counted == 0) & (target_now >= 0))

    # ---- the rows: ticket by ticket, metric by metric, cycle by cycle. Each
    # (ticket, metric) group's rows lie together, in order, among the cycles (each
    # metric's block is in ticket order) or are its one row not started: placed by
    # counting, without a sort.
    group = np.concatenate(
        (c_slot * len(metrics) + c_metric, idle_slot * len(metrics) + idle_metric)
    )
    size = group.size
    counts = np.bincount(group, minlength=tickets.size * len(metrics))
    first_row = np.cumsum(counts) - counts
    pos = np.arange(size)
    new_group = np.append(True, group[1:] != group[:-1]) if size else np.zeros(0, dtype=bool)
    cycle_no = pos - np.maximum.accumulate(np.where(new_group, pos, 0))
    rows_order = np.empty(size, dtype=np.int64)
    rows_order[first_row[group] + cycle_no] = pos
    cycle_no = cycle_no[rows_order]
    r_slot = np.concatenate((c_slot, idle_slot))[rows_order]
    r_metric = np.concatenate((c_metric, idle_metric))[rows_order]
    idle = rows_order >= n
    pick = np.where(idle, n, rows_order)

    def col(values: Any, fill: object) -> Any:  # noqa: ANN401
        """A cycle column per row (``fill`` on the rows of metrics not started)."""
        return np.append(values, np.array([fill], dtype=values.dtype))[pick]

    stop_v, deadline_v, reason_v = col(c_stop, _NONE), col(deadline, _NONE), col(c_reason, -1)
    state_v = col(state, _STATE["not_started"])
    target_v = np.where(idle, target_now[r_slot, r_metric], col(c_target, 0))
    ts = pa.timestamp("us", tz="UTC")

    def times(values: Any, none: Any) -> Any:  # noqa: ANN401
        return pa.array(values, type=pa.int64(), mask=none).cast(ts)

    columns = {
        "ticket": cols.ids.take(pa.array(tickets[r_slot])),
        "row_type": pa.array(["clock"]).take(pa.array(np.zeros(size, dtype=np.int64))),
        "metric": pa.array(metrics).take(pa.array(r_metric)),
        "cycle": pa.array(cycle_no.astype(np.int32), type=pa.int32(), mask=idle),
        "priority": pa.array(pvocab).take(
            pa.array(np.where(idle, current[r_slot], col(c_priority, 0)))
        ),
        "status": pa.array(CLOCK_STATUSES).take(pa.array(state_v)),
        "start": times(col(c_start, 0), idle),
        "stop": times(stop_v, stop_v == _NONE),
        "deadline": times(deadline_v, (deadline_v == _NONE) | (deadline_v > MAX_US)),
        "stop_reason": pa.array(reasons).take(pa.array(reason_v, mask=reason_v < 0)),
        "elapsed_s": pa.array(col(total, 0) / _US, type=pa.float64(), mask=idle),
        "within_s": pa.array(within[target_v] / _US, type=pa.float64()),
        "breached": pa.array(
            _among(np, state_v, (_STATE["breached"], _STATE["missed"]), len(_STATE))
        ),
    }
    nulls: dict[Any, Any] = {}  # one null column per type serves every unused column
    out = [
        columns[f.name]
        if f.name in columns
        else nulls.get(f.type) or nulls.setdefault(f.type, pa.nulls(size, f.type))
        for f in schema
    ]
    return ~slow, pa.table(out, schema=schema), tickets[r_slot]
