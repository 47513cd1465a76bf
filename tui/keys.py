"""Key dispatch that never drops or misroutes a key (KeyGateMixin for ParlreadApp).

How Textual routes a key (textual/app.py, 8.x): ``App.on_event`` checks the
*priority* bindings of the screen in front, then forwards the key to the
focused widget by *posting* it to that widget's queue and returns at once.
The key then bubbles up widget → screen → app, and ``App._on_key`` resolves
the ordinary bindings against ``self.screen`` — the screen in front *now*.
Two windows follow from that, both seen in tmux with keys sent in one burst:

1. a key forwarded to the search box, followed by a priority key that opens
   a screen (``?``, ``F1``, ``ctrl+f``, ``/``, ``t``, ``a``, ``E O I F``): by
   the time the first key bubbles back, the help is in front and its bindings
   are looked up there (Backspace meant nothing: dropped);
2. a key whose binding opens or closes a screen (Enter, Esc, ``A``, ``v`` …),
   followed at once by more keys: those are forwarded to the *old* screen's
   focused widget before the first key's action has run (misrouted), and keys
   sent right after a new screen is pushed reach it before it has focus.

The gate serialises key dispatch: a key is dispatched only when the previous
one is fully handled — a sentinel posted to the same widget right behind the
key follows it up the same queues, so when it reaches the app the key's
bindings and action have run — and then only once the app is quiet: no
message waits in any screen's widgets (a Submitted an Enter posted, a
dismissed dialog's callback, a new screen's mount and focus).  Keys arriving
meanwhile wait in order.  A character typed into a focused text field does
not make the next key wait (it opens and closes nothing, and keys sent to
the same field stay in order in its queue): pasting and fast typing keep
their speed.  ``hold_keys(reason)`` keeps them waiting longer
(an action waiting for the notes store); ``release_keys(reason)`` lets them go
to whatever is in front then.  As a second line of defence, a forwarded key
whose screen is no longer in front resolves its bindings on the widget it was
sent to.  Mouse events are not held.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual._dispatch_key import dispatch_key
from textual.message import Message
from textual.screen import Screen

# a safety net only: a sentinel can be lost if its widget is removed meanwhile
SENTINEL_TIMEOUT = 1.5
# waiting for the app to be quiet after a key: a few rounds through its queue, then polls, at most this long
QUIET_FAST_ROUNDS = 3
QUIET_POLL = 0.005
QUIET_LIMIT = 0.5
# keys that are never held: a stuck wait must never stop the user from quitting
NEVER_HELD = frozenset({"ctrl+q", "ctrl+c"})
STARTUP_NEWLINES = 0.5  # seconds after the first screen's widgets are mounted (KeyGateMixin._startup_newlines)


class KeyHandled(Message):
    """Posted right behind a forwarded key to the same widget; reaches the app after the key."""

    def __init__(self, serial: int) -> None:
        super().__init__()
        self.serial = serial


def _screen_of(node) -> Screen | None:
    if isinstance(node, Screen):
        return node
    try:
        return node.screen
    except Exception:  # NoScreen: removed meanwhile
        return None


def _typed_as_text(target, event: events.Key) -> bool:
    """The key is a character the focused text field inserts (Input, TextArea)."""
    from textual.widgets import Input, TextArea

    return (isinstance(target, (Input, TextArea)) and event.is_printable
            and target.check_consume_key(event.key, event.character))


def binding_chain_from(node) -> list:
    """The ordinary binding chain as Textual builds it for a focused ``node``
    (node → its ancestors → the app, keys a nearer widget types removed, the
    keymap applied), cut at the first modal screen — computed for ``node``
    whatever screen is in front now."""
    chain = [(n, n._bindings.copy()) for n in node.ancestors_with_self]
    consumers: list = []
    for namespace, bindings_map in chain:
        for consumer in consumers:
            for key in list(bindings_map.key_to_bindings):
                from textual.keys import key_to_character

                if consumer.check_consume_key(key, key_to_character(key)):
                    del bindings_map.key_to_bindings[key]
        consumers.append(namespace)
    app = node.app
    if app._keymap:
        for namespace, bindings_map in chain:
            bindings_map.apply_keymap(app._keymap)
    for index, (namespace, _bindings) in enumerate(chain, 1):
        if namespace.is_modal:
            return chain[:index]
    return chain


class KeyGateMixin:
    """Serialised key dispatch for ParlreadApp (see the module docstring)."""

    def _gate(self) -> dict:
        gate = self.__dict__.get("_key_gate")
        if gate is None:
            gate = self.__dict__["_key_gate"] = {
                "held": deque(),  # keys waiting, in arrival order
                "flight": None,  # (serial, key event, the node it was forwarded to)
                "settling": None,  # [serial, since, rounds, screens] while waiting for the app to be quiet
                "holds": {},  # reason -> when it started
                "serial": 0,
                "timer": None,
                "recent": deque(maxlen=16),  # (key event, target) of forwarded keys
            }
        return gate

    # ---- public -------------------------------------------------------------
    def hold_keys(self, reason: str, cancel=None, limit: float | None = None) -> None:
        """Keep keys typed from now on waiting until ``release_keys(reason)``.

        ``cancel()``, if given, is what Esc typed during the hold does: it
        gives up the wait, and the keys typed for it are dropped with a notice
        (the user asked to; they were aimed at what never opened).  ``limit``
        seconds: a safety net for a wait that could end without its release
        (a worker replaced by a newer one): the keys then go on as usual."""
        gate = self._gate()
        gate["holds"].setdefault(reason, time.monotonic())
        if limit is not None:
            self.set_timer(limit, lambda: self.release_keys(reason))
        if cancel is not None:
            gate.setdefault("cancel", {})[reason] = cancel
            self.call_later(self._check_cancel)  # an Esc may already be waiting

    def release_keys(self, reason: str) -> None:
        """End a hold; waiting keys go to the screen in front once it has settled."""
        gate = self._gate()
        gate.get("cancel", {}).pop(reason, None)
        if gate["holds"].pop(reason, None) is not None and gate["held"]:  # none waiting: nothing to settle for
            self._gate_settle()

    def _check_cancel(self) -> None:
        """An Esc among the keys held for a cancellable hold cancels it: the
        keys typed before the Esc are dropped (they were aimed at what will
        not open), the keys after it go on as usual."""
        gate = self._gate()
        if not (gate["holds"] and gate.get("cancel")):
            return
        held = gate["held"]
        at = next((i for i, k in enumerate(held) if k.key == "escape"), None)
        if at is None:
            return
        for _ in range(at + 1):
            held.popleft()
        cancels = gate.pop("cancel", {})
        for reason, cancel in cancels.items():
            gate["holds"].pop(reason, None)
            cancel(at)
        self._gate_settle()

    @property
    def keys_waiting(self) -> int:
        """How many typed keys are waiting to be dispatched."""
        return len(self._gate()["held"])

    # ---- the gate -------------------------------------------------------------
    def _gate_busy(self) -> bool:
        gate = self._gate()
        return bool(gate["flight"] or gate["settling"] is not None or gate["holds"])

    # Enter typed before the terminal left its line mode arrives as a newline, which Textual reads
    # as Ctrl+J (the CLI leaves line mode ~30 ms after the command starts: tui/terminal_env.py
    # keep_early_keys; keys typed even earlier, e.g. `parlread` and Enter twice in one go, were
    # queued in line mode).  Ctrl+J is bound to nothing here: until STARTUP_NEWLINES seconds
    # after the library's widgets are mounted, it is the Enter it was.
    _startup_newlines = True

    def end_startup_newlines(self) -> None:
        self.set_timer(STARTUP_NEWLINES, lambda: setattr(self, "_startup_newlines", False))  # type: ignore[attr-defined]

    async def on_event(self, event: events.Event) -> None:
        if (isinstance(event, events.Key) and event.key == "ctrl+j" and self._startup_newlines and not event.is_forwarded
                and getattr(self, "terminal_restore", None) is not None):  # a real terminal, set by the CLI
            event = events.Key("enter", "\r")
        if isinstance(event, events.Key) and not event.is_forwarded and event.key not in NEVER_HELD:
            gate = self._gate()
            if gate["held"] or self._gate_busy() or self._waits_for_text(event):
                gate["held"].append(event)
                self._gate_arm_timer()
                if event.key == "escape":
                    self._check_cancel()
                return
            await self._gate_dispatch(event)
            return
        await super().on_event(event)

    def _stack_state(self) -> tuple:
        return tuple(self.screen_stack)

    async def _gate_dispatch(self, event: events.Key) -> None:
        gate = self._gate()
        before = self._stack_state()
        await super().on_event(event)  # priority bindings, else forwarded to the focused widget
        if event.is_forwarded:
            target = self.focused or self.screen  # exactly where App.on_event just sent it
            gate["recent"].append((event, target))
            gate["serial"] += 1
            if _typed_as_text(target, event):
                # a letter for a text field opens and closes nothing: the next key need not wait,
                # unless it is a priority key (handled as it arrives, before the letter is in)
                gate["soft"] = gate["serial"]
                target.post_message(KeyHandled(gate["serial"]))
                return
            gate["flight"] = (gate["serial"], event, target, before)
            if target.post_message(KeyHandled(gate["serial"])):
                self._gate_arm_timer()
                return
            gate["flight"] = None
        self._gate_settle(before)

    def _gate_settle(self, screens: tuple = ()) -> None:
        """Dispatch the next key once the app is quiet: what the last key set
        going (a Submitted message, a dismissed dialog's callback, a new
        screen's mount and focus) has been handled.  ``screens``: those in
        front before the key (a dialog it closed is still finishing)."""
        gate = self._gate()
        if gate["flight"] or gate["holds"] or gate["settling"] is not None:
            return
        gate["serial"] += 1
        gate["settling"] = [gate["serial"], time.monotonic(), 0, screens]
        self.call_later(self._gate_check_quiet, gate["serial"])

    def _app_quiet(self, extra: tuple) -> bool:
        """No message is waiting anywhere on the screens (or in the app's
        queue, new input aside)."""
        queue = self.__dict__.get("_message_queue")
        pending = getattr(queue, "values", None)  # textual._queue.Queue (a deque inside)
        if pending is None:
            pending = getattr(queue, "_queue", ())  # an asyncio.Queue
        if any(not isinstance(m, events.InputEvent) for m in list(pending)):
            return False
        seen = set()
        for screen in (*self.screen_stack, *extra):
            if id(screen) in seen or getattr(screen, "_closed", False):
                continue
            seen.add(id(screen))
            for node in screen.walk_children(with_self=True):
                q = node.__dict__.get("_message_queue")
                if q is not None and not q.empty():
                    return False
        return True

    async def _gate_check_quiet(self, serial: int) -> None:
        gate = self._gate()
        settling = gate["settling"]
        if settling is None or settling[0] != serial:
            return
        _, started, rounds, screens = settling
        if self._app_quiet(screens) or time.monotonic() - started > QUIET_LIMIT:
            gate["settling"] = None
            await self._gate_next()
            return
        settling[2] = rounds + 1
        if rounds < QUIET_FAST_ROUNDS:
            self.call_later(self._gate_check_quiet, serial)  # behind what is queued for the app now
        else:
            self.set_timer(QUIET_POLL, lambda: self._gate_check_quiet(serial))

    async def on_key_handled(self, message: KeyHandled) -> None:
        message.stop()
        gate = self._gate()
        if gate.get("soft") == message.serial:
            gate["soft"] = None
            await self._gate_next()
            return
        flight = gate["flight"]
        if flight is not None and flight[0] == message.serial:
            gate["flight"] = None
            self._gate_settle(flight[3])

    def _waits_for_text(self, event: events.Key) -> bool:
        """Letters sent to a text field are still on their way and ``event``
        is a priority key: it waits for them (it would act before they are in)."""
        if not self._gate().get("soft"):
            return False
        try:
            chain = self.screen._binding_chain
        except Exception:
            return True
        return any(b.priority for _, bindings in chain for b in bindings.key_to_bindings.get(event.key, ()))

    async def _gate_next(self) -> None:
        gate = self._gate()
        if gate["held"] and self._waits_for_text(gate["held"][0]):
            return  # the soft sentinel's return calls this again
        if self._gate_busy() or not gate["held"]:
            if not gate["held"] and gate["timer"] is not None and not gate["holds"]:
                gate["timer"].stop()
                gate["timer"] = None
            return
        await self._gate_dispatch(gate["held"].popleft())

    def _gate_arm_timer(self) -> None:
        gate = self._gate()
        if gate["timer"] is not None:
            gate["timer"].stop()
        gate["timer"] = self.set_timer(SENTINEL_TIMEOUT, self._gate_timed_out)

    async def _gate_timed_out(self) -> None:
        """A sentinel did not come back (its widget was removed): go on, in order."""
        gate = self._gate()
        gate["timer"] = None
        if gate["holds"]:
            return  # a hold ends with its own release (or its own timeout)
        gate["flight"] = None
        gate["settling"] = None
        gate["soft"] = None
        await self._gate_next()

    # ---- a forwarded key whose screen is no longer in front -------------------
    def _forwarded_target(self, event: events.Key):
        for key_event, target in reversed(self._gate()["recent"]):
            if key_event is event:
                return target
        return None

    async def _on_key(self, event: events.Key) -> None:
        target = self._forwarded_target(event)
        screen = _screen_of(target) if target is not None else None
        if screen is None or screen is self.screen or not screen.is_attached:
            return  # App._on_key: the bindings of the screen in front
        event.prevent_default()  # App._on_key would look on the wrong screen
        for namespace, bindings in binding_chain_from(target):
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.run_action(binding.action, namespace):
                    return
        await dispatch_key(self, event)
