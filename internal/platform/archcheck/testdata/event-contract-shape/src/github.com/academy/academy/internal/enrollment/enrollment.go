// Package enrollment is not an events package: the rule ignores its types.
package enrollment

type Snapshot struct {
	Tags []string
}

func (Snapshot) EventName() string { return "not.checked" }
func (Snapshot) EventVersion() int { return 1 }
