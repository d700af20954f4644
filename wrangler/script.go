package wrangler

// ScriptName is the name of the script wrangler deploys for env ("" for
// the top level): the environment's own name, else <name>-<env>. It is ""
// when the config names no Worker (the name is then given on the command
// line).
func (c *Config) ScriptName(env string) string {
	if env != "" {
		if e := c.Env(env); e != nil && e.Section.Name != nil && e.Section.Name.Value != "" {
			return e.Section.Name.Value
		}
	}
	if c.Top.Name == nil || c.Top.Name.Value == "" {
		return ""
	}
	if env == "" {
		return c.Top.Name.Value
	}
	return c.Top.Name.Value + "-" + env
}
