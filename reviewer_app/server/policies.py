"""Who may see and change what, enforced by PostgreSQL itself (row-level security).

A nurse reviewer sees the cases of the team's queue and those the nurse holds; a medical
director sees the medical directors' queue and the cases the director holds; an admin sees
everything; a trainer sees no member's case. Case content may be written only by the
holder of a current lease (or an admin), and only a medical director (or an admin) may
record a denial: the database refuses anyone else, whatever program they connect with.
A case's trail, signatures and letters can only be added to (an admin aside).
"""

from __future__ import annotations

from reviewer_app.server.case_tables import CASE_TABLE_NAMES
from reviewer_app.server.tables import Role

FUNCTIONS = """
CREATE FUNCTION dept_my_role() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT role FROM dept_user WHERE name = current_user $$;
CREATE FUNCTION dept_my_team() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT team FROM dept_user WHERE name = current_user $$;
CREATE FUNCTION dept_holds(wanted text) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM dept_queue q WHERE q.case_id = wanted
        AND q.lease_holder = current_user AND q.lease_expires > now()) $$;
CREATE FUNCTION dept_sees(wanted text) RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM dept_queue q WHERE q.case_id = wanted) $$;
CREATE FUNCTION dept_release(wanted text, to_queue text, to_state text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF to_state NOT IN ('queued', 'decided') OR to_queue NOT IN ('nurse', 'md') THEN
        RAISE EXCEPTION 'not a place a case can go: % %', to_queue, to_state;
    END IF;
    IF to_state = 'decided' AND NOT EXISTS (SELECT 1 FROM determination d
            WHERE d.case_id = wanted AND d.locked) THEN
        RAISE EXCEPTION 'the case has no final determination';
    END IF;
    -- the due time follows the case's, which a pend moves (checked against the trail)
    UPDATE dept_queue SET queue = to_queue, state = to_state, lease_holder = NULL,
        lease_expires = NULL, updated_at = now(),
        due_at = coalesce((SELECT h.due_at FROM case_header h WHERE h.case_id = wanted), due_at)
    WHERE case_id = wanted AND lease_holder = session_user AND lease_expires > now();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'your lease on this case ran out or was taken; nothing was changed';
    END IF;
END $$;
REVOKE ALL ON FUNCTION dept_release(text, text, text) FROM PUBLIC;
CREATE FUNCTION dept_claim(wanted_queue text, lease_secs float8)
    RETURNS TABLE (claimed_case text, claimed_due timestamptz, claimed_until timestamptz)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    me text := session_user;
    my_role text;
    my_team text;
    q text;
    picked text;
    old_holder text;
BEGIN
    SELECT u.role, u.team INTO my_role, my_team FROM dept_user u WHERE u.name = me;
    IF my_role = 'nurse_reviewer' THEN
        q := 'nurse';
    ELSIF my_role = 'medical_director' THEN
        q := 'md';
        my_team := NULL;
    ELSIF my_role = 'admin' AND wanted_queue IN ('nurse', 'md') THEN
        q := wanted_queue;
        my_team := NULL;
    ELSE
        RAISE EXCEPTION 'this user has no queue to claim from'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF lease_secs <= 0 OR lease_secs > 14 * 86400 THEN
        RAISE EXCEPTION 'a lease lasts at most 14 days';
    END IF;
    FOR picked, old_holder IN
        WITH expired AS (
            SELECT d.case_id, d.lease_holder FROM dept_queue d
            WHERE d.state = 'claimed' AND d.lease_expires < now() FOR UPDATE SKIP LOCKED)
        UPDATE dept_queue d SET state = 'queued', lease_holder = NULL, lease_expires = NULL,
            updated_at = now()
        FROM expired WHERE d.case_id = expired.case_id
        RETURNING d.case_id, expired.lease_holder
    LOOP
        INSERT INTO dept_event (case_id, actor, action, detail)
        VALUES (picked, me, 'lease_expired', jsonb_build_object('holder', old_holder));
    END LOOP;
    IF my_team IS NULL THEN
        SELECT d.case_id INTO picked FROM dept_queue d
        WHERE d.state = 'queued' AND d.queue = q
        ORDER BY d.due_at, d.case_id LIMIT 1 FOR UPDATE SKIP LOCKED;
    ELSE
        SELECT d.case_id INTO picked FROM dept_queue d
        WHERE d.state = 'queued' AND d.queue = q AND d.team = my_team
        ORDER BY d.due_at, d.case_id LIMIT 1 FOR UPDATE SKIP LOCKED;
    END IF;
    IF picked IS NULL THEN
        RETURN;
    END IF;
    UPDATE dept_queue d SET state = 'claimed', lease_holder = me,
        lease_expires = now() + make_interval(secs => lease_secs), updated_at = now()
    WHERE d.case_id = picked
    RETURNING d.case_id, d.due_at, d.lease_expires INTO claimed_case, claimed_due, claimed_until;
    INSERT INTO dept_event (case_id, actor, action, detail)
    VALUES (picked, me, 'claimed', jsonb_build_object('lease_expires', claimed_until));
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION dept_claim(text, float8) FROM PUBLIC;
"""

# The caller's role and team as (SELECT f()): computed once per statement, not per row.
# The queue rows a user sees (and so may claim): the caller's queue, plus their own claims.
# Reviewers never update the queue directly: a claim is dept_claim (the caller's own queue,
# the most urgent free case, SKIP LOCKED, with its event) and a lease ends through
# dept_release (only the holder's, while current), both run with the owner's rights.
QUEUE_VISIBLE = """
    (SELECT dept_my_role()) = 'admin'
    OR lease_holder = current_user
    OR ((SELECT dept_my_role()) = 'nurse_reviewer' AND queue = 'nurse'
        AND team = (SELECT dept_my_team()))
    OR ((SELECT dept_my_role()) = 'medical_director' AND queue = 'md')
"""

QUEUE_POLICIES = f"""
ALTER TABLE dept_queue ENABLE ROW LEVEL SECURITY;
CREATE POLICY queue_read ON dept_queue FOR SELECT USING ({QUEUE_VISIBLE});
CREATE POLICY queue_admin ON dept_queue FOR ALL USING ((SELECT dept_my_role()) = 'admin')
    WITH CHECK ((SELECT dept_my_role()) = 'admin');
ALTER TABLE dept_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_read ON dept_user FOR SELECT USING (true);
ALTER TABLE dept_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY event_read ON dept_event FOR SELECT
    USING ((SELECT dept_my_role()) = 'admin' OR actor = current_user);
CREATE POLICY event_write ON dept_event FOR INSERT WITH CHECK (actor = current_user);
"""


# The record of a case only grows: its trail, signatures, letters and signers' certificates
# are added to, never changed or removed, except by an admin.
APPEND_ONLY = frozenset({"audit", "audit_signature", "letter", "signer_cert"})


def case_policies(name: str) -> str:
    admin = "(SELECT dept_my_role()) = 'admin'"
    holder = f"{admin} OR dept_holds(case_id)"
    changer = admin if name in APPEND_ONLY else holder
    sql = f"""
ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;
CREATE POLICY {name}_read ON {name} FOR SELECT USING (dept_sees(case_id));
CREATE POLICY {name}_insert ON {name} FOR INSERT WITH CHECK ({holder});
CREATE POLICY {name}_update ON {name} FOR UPDATE USING ({changer}) WITH CHECK ({changer});
CREATE POLICY {name}_delete ON {name} FOR DELETE USING ({changer});
"""
    if name == "determination":
        sql += """
CREATE POLICY determination_denial ON determination AS RESTRICTIVE FOR INSERT
    WITH CHECK (decision <> 'deny' OR dept_my_role() IN ('medical_director', 'admin'));
"""
    if name == "letter":
        sql += """
CREATE POLICY letter_denial ON letter AS RESTRICTIVE FOR INSERT
    WITH CHECK (kind <> 'denial' OR dept_my_role() IN ('medical_director', 'admin'));
"""
    return sql


def group_roles() -> str:
    """The group roles, created once per PostgreSQL server (roles are server-wide)."""
    parts = [
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{r.group}') THEN "
        f"CREATE ROLE {r.group} NOLOGIN; END IF;"
        for r in Role
    ]
    return "DO $$ BEGIN " + " ".join(parts) + " END $$;"


def grants() -> str:
    workers = ", ".join(r.group for r in Role)
    content = ", ".join(CASE_TABLE_NAMES)
    return f"""
GRANT SELECT ON dept_user TO {workers};
GRANT SELECT ON dept_queue TO {workers};
GRANT INSERT, UPDATE, DELETE ON dept_queue TO {Role.ADMIN.group};
GRANT SELECT, INSERT ON dept_event TO {workers};
GRANT SELECT, INSERT, UPDATE, DELETE ON {content} TO {workers};
GRANT EXECUTE ON FUNCTION dept_release(text, text, text), dept_claim(text, float8)
    TO {workers};
"""


def all_statements() -> list[str]:
    body = FUNCTIONS + QUEUE_POLICIES + "".join(case_policies(n) for n in CASE_TABLE_NAMES)
    return [group_roles(), *_split(body), *_split(grants())]


def _split(sql: str) -> list[str]:
    # function bodies are single statements between $$; split only outside them
    out, current, inside = [], [], False
    for line in sql.splitlines():
        current.append(line)
        inside ^= line.count("$$") % 2 == 1
        if not inside and line.rstrip().endswith(";"):
            out.append("\n".join(current).strip())
            current = []
    return [s for s in out if s]
