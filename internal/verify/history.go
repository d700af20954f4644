package verify

import (
	"fmt"

	"github.com/dolint-dev/dolint/analyzers/confighistory"
	"github.com/dolint-dev/dolint/internal/fix"
	"github.com/dolint-dev/dolint/internal/gitlog"
	"github.com/dolint-dev/dolint/migrations"
	"github.com/dolint-dev/dolint/wrangler"
)

// checkHistory judges a fix to migrations that departed from the config's
// committed history (rule migrationhistory) by replaying them as the
// deploy API sees them: for every committed version of the config, a
// script deployed from it holds that version's steps, and deploying the
// list sends only the steps after its tag. The list is right for that
// script when it ends with the classes and backends a fresh deployment of
// the list gets, with no impossible step. The fix must make some committed
// version's scripts right that were not, and none wrong that were.
func checkHistory(c *fixCtx) fix.Verdict {
	const check = "replay against the git history"
	h, err := gitlog.Read(c.config, gitlog.Options{Bases: confighistory.DefaultBases()})
	if err != nil {
		return unverifiable(check, "%v", err)
	}
	versions := confighistory.FromHistory(h, "").Versions
	if len(versions) == 0 {
		return unverifiable(check, "the config has no committed history")
	}
	before, err := c.parseConfig(c.before)
	if err != nil {
		return unverifiable(check, "%v", err)
	}
	after, err := c.parseConfig(c.after)
	if err != nil {
		return rejected(check, "%v", err)
	}
	var fixed, broke string
	for _, v := range versions {
		for _, env := range scopes(after) {
			was := divergence(v.Config, before, env)
			now := divergence(v.Config, after, env)
			switch {
			case was != "" && now == "" && fixed == "":
				fixed = fmt.Sprintf("before the fix, a script deployed from %s%s %s; after it, it ends as a fresh deployment does", v.Commit, envLabelOf(env), was)
			case was == "" && now != "" && broke == "":
				broke = fmt.Sprintf("after the fix, a script deployed from %s%s %s", v.Commit, envLabelOf(env), now)
			}
		}
	}
	switch {
	case broke != "":
		return rejected(check, "%s", broke)
	case fixed != "":
		return verified(check, "%s", fixed)
	}
	return rejected(check, "the fix changes no committed version's outcome")
}

func envLabelOf(env string) string {
	if env == "" {
		return ""
	}
	return " (env " + env + ")"
}

// scopes are the top level and the environments of a config.
func scopes(cfg *wrangler.Config) []string {
	out := []string{""}
	for _, e := range cfg.Envs {
		out = append(out, e.Name)
	}
	return out
}

// divergence says how a script deployed from the committed config old
// ends after deploying cur's list of env, where that differs from a fresh
// deployment of cur or hits an impossible step; "" when it does not, or
// when either has no list of its own there.
func divergence(old, cur *wrangler.Config, env string) string {
	ol, cl := ownMigrations(old, env), ownMigrations(cur, env)
	if ol == nil || cl == nil || len(ol.Steps) == 0 {
		return ""
	}
	if a, b := old.ScriptName(env), cur.ScriptName(env); a != "" && b != "" && a != b {
		return "" // another script, with a deployed tag of its own
	}
	again := migrations.Redeploy(ol.Steps, cl.Steps)
	if len(again.Failures) > 0 {
		return "fails with " + again.Failures[0].Message
	}
	if d := migrations.Difference(again, migrations.Replay(cl.Steps), "it", "a fresh deployment"); d != "" {
		return "ends otherwise than a fresh deployment: " + d
	}
	return ""
}

func ownMigrations(cfg *wrangler.Config, env string) *wrangler.Migrations {
	if env == "" {
		return cfg.Top.Migrations
	}
	if e := cfg.Env(env); e != nil {
		return e.Migrations
	}
	return nil
}

// parseConfig parses the config as an overlay has it.
func (c *fixCtx) parseConfig(overlay map[string][]byte) (*wrangler.Config, error) {
	src, err := read(overlay, c.config)
	if err != nil {
		return nil, err
	}
	return wrangler.Parse(nil, c.config, src), nil
}
