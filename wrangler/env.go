package wrangler

// Env returns the env.<name> section, or nil.
func (c *Config) Env(name string) *Env {
	for _, e := range c.Envs {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Effective returns the section wrangler deploys for env ("" for the top
// level), after its inheritance rules:
//
//   - main, compatibility_date, compatibility_flags, no_bundle, migrations
//     and exports come from the environment when it sets them, else from the
//     top level. Lists are taken whole, never merged.
//   - name is the environment's own when set; otherwise the top-level name
//     with "-<env>" appended, positioned at the top-level name.
//   - durable_objects and vars are not inherited: the environment's own or
//     nothing.
//
// Every value keeps the position of the place it came from. Effective
// returns nil for an environment the file does not define.
func (c *Config) Effective(env string) *Section {
	if env == "" {
		s := c.Top
		return &s
	}
	e := c.Env(env)
	if e == nil {
		return nil
	}
	top := &c.Top
	s := e.Section
	if s.Name == nil && top.Name != nil && top.Name.Value != "" {
		s.Name = &String{Value: top.Name.Value + "-" + env, Pos: top.Name.Pos, End: top.Name.End}
	}
	if s.Main == nil {
		s.Main = top.Main
	}
	if s.CompatibilityDate == nil {
		s.CompatibilityDate = top.CompatibilityDate
	}
	if s.CompatibilityFlags == nil {
		s.CompatibilityFlags = top.CompatibilityFlags
	}
	if s.NoBundle == nil {
		s.NoBundle = top.NoBundle
	}
	if s.Migrations == nil {
		s.Migrations = top.Migrations
	}
	if s.Exports == nil {
		s.Exports = top.Exports
	}
	return &s
}
