package proposal

import (
	"testing"

	"xieshang/internal/errs"
)

// Every step but editing (which takes a whole Edit) has a command built
// from StepInput, and it is that step's.
func TestStepInputCommand(t *testing.T) {
	for _, act := range Actions {
		cmd, err := StepInput{Into: 7}.Command(act)
		if act == ActEdit {
			if !errs.Is(err, errs.NotFound) {
				t.Errorf("edit: %v", err)
			}
			continue
		}
		if err != nil || cmd.Action() != act {
			t.Errorf("%s: %v %v", act, cmd, err)
		}
	}
	if _, err := (StepInput{}).Command(ActMerge); len(errs.FieldsOf(err)) != 1 || errs.FieldsOf(err)[0].Field != "into" {
		t.Errorf("merge without a main proposal: %v", err)
	}
	if _, err := (StepInput{}).Command("fly"); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown step: %v", err)
	}
}
