package archcheck

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// report renders a result as text, JSON or SARIF.
type report struct {
	result       result
	strict       bool
	baselinePath string   // relative to the module root
	notes        []string // what --write-baseline or --prune did
}

// reportVersion is the version of the JSON report format.
const reportVersion = 1

func (r report) write(w io.Writer, format string) error {
	switch format {
	case "json":
		return r.writeJSON(w)
	case "sarif":
		return r.writeSARIF(w)
	}
	return r.writeText(w)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (r report) writeText(w io.Writer) error {
	var b strings.Builder
	used := make(map[string]bool)
	for _, f := range r.result.Findings {
		used[f.Rule] = true
		debt := ""
		if f.Status == StatusBaselined {
			debt = " (baselined debt)"
		}
		fmt.Fprintf(&b, "%s:%d:%d: [%s] %s%s\n", f.File, f.Line, f.Column, f.Rule, f.Message, debt)
	}
	for _, s := range r.result.Stale {
		fmt.Fprintf(&b, "%s: stale baseline entry [%s] %s %s %s: count %d, found %d\n",
			r.baselinePath, s.Rule, s.File, s.Symbol, s.Target, s.Count, s.Found)
	}
	if len(used) > 0 {
		b.WriteString("\nrules:\n")
		for _, rule := range Rules {
			if used[rule.ID] {
				fmt.Fprintf(&b, "  [%s] %s\n", rule.ID, rule.Explanation)
			}
		}
	}
	for _, n := range r.notes {
		fmt.Fprintf(&b, "%s\n", n)
	}
	summary := fmt.Sprintf("architecture-check: %s", plural(r.result.newCount(), "new violation", "new violations"))
	if r.strict {
		summary += " (strict: baseline ignored)"
	} else {
		summary += fmt.Sprintf(", %s, %s",
			plural(r.result.debtCount(), "baselined (debt)", "baselined (debt)"),
			plural(len(r.result.Stale), "stale baseline entry", "stale baseline entries"))
	}
	b.WriteString(summary + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonFinding is a finding in the JSON report; stale baseline entries are
// findings with status "stale", no position, and their counts.
type jsonFinding struct {
	Rule        string `json:"rule"`
	Status      Status `json:"status"`
	File        string `json:"file"`
	Line        int    `json:"line,omitempty"`
	Column      int    `json:"column,omitempty"`
	Symbol      string `json:"symbol"`
	Target      string `json:"target"`
	Message     string `json:"message"`
	Fingerprint string `json:"fingerprint"`
	Count       int    `json:"count,omitempty"`
	Found       *int   `json:"found,omitempty"`
}

type jsonReport struct {
	Version  int           `json:"version"`
	Tool     string        `json:"tool"`
	Strict   bool          `json:"strict"`
	Baseline string        `json:"baseline,omitempty"`
	Summary  jsonSummary   `json:"summary"`
	Rules    []Rule        `json:"rules"`
	Findings []jsonFinding `json:"findings"`
	Notes    []string      `json:"notes,omitempty"`
}

type jsonSummary struct {
	New       int `json:"new"`
	Baselined int `json:"baselined"`
	Stale     int `json:"stale"`
}

func (r report) writeJSON(w io.Writer) error {
	out := jsonReport{
		Version:  reportVersion,
		Tool:     "academy architecture-check",
		Strict:   r.strict,
		Summary:  jsonSummary{New: r.result.newCount(), Baselined: r.result.debtCount(), Stale: len(r.result.Stale)},
		Rules:    Rules,
		Findings: []jsonFinding{},
		Notes:    r.notes,
	}
	if !r.strict {
		out.Baseline = r.baselinePath
	}
	for _, f := range r.result.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Status: f.Status, File: f.File, Line: f.Line, Column: f.Column,
			Symbol: f.Symbol, Target: f.Target, Message: f.Message, Fingerprint: f.Fingerprint,
		})
	}
	for _, s := range r.result.Stale {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: s.Rule, Status: StatusStale, File: s.File, Symbol: s.Symbol, Target: s.Target,
			Message: staleMessage(s), Fingerprint: s.Fingerprint, Count: s.Count, Found: &s.Found,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func staleMessage(s Stale) string {
	return fmt.Sprintf("stale baseline entry: counted %d, found %d; run --prune", s.Count, s.Found)
}

// SARIF 2.1.0, only the parts code scanning tools read.
type (
	sarifLog struct {
		Version string     `json:"version"`
		Schema  string     `json:"$schema"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name  string      `json:"name"`
		Rules []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID               string          `json:"id"`
		ShortDescription sarifText       `json:"shortDescription"`
		FullDescription  sarifText       `json:"fullDescription"`
		Properties       map[string]bool `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifText         `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		BaselineState       string            `json:"baselineState,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// sarifFingerprint names the partial fingerprint; bump it if keys change.
const sarifFingerprint = "architectureCheck/v1"

func (r report) writeSARIF(w io.Writer) error {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "academy architecture-check"}}, Results: []sarifResult{}}
	index := make(map[string]int)
	for i, rule := range Rules {
		index[rule.ID] = i
		short, _, _ := strings.Cut(rule.Explanation, ":")
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID:               rule.ID,
			ShortDescription: sarifText{short},
			FullDescription:  sarifText{rule.Explanation},
			Properties:       map[string]bool{"heuristic": rule.Heuristic},
		})
	}
	for _, f := range r.result.Findings {
		level, state := "error", "new"
		if f.Status == StatusBaselined {
			level, state = "note", "unchanged"
		}
		if r.strict {
			state = ""
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: level,
			Message: sarifText{f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: f.File, URIBaseID: "%SRCROOT%"},
				Region:           &sarifRegion{StartLine: f.Line, StartColumn: f.Column},
			}}},
			PartialFingerprints: map[string]string{sarifFingerprint: f.Fingerprint},
			BaselineState:       state,
		})
	}
	for _, s := range r.result.Stale {
		run.Results = append(run.Results, sarifResult{
			RuleID: s.Rule, RuleIndex: index[s.Rule], Level: "note",
			Message: sarifText{fmt.Sprintf("%s (%s in %s)", staleMessage(s), s.Target, s.Symbol)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: s.File, URIBaseID: "%SRCROOT%"},
			}}},
			PartialFingerprints: map[string]string{sarifFingerprint: s.Fingerprint},
			BaselineState:       "absent",
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs:    []sarifRun{run},
	})
}
