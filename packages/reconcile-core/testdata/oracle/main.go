package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/semver/v3"
	"github.com/fluxcd/pkg/envsubst"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"
)

// Reads JSON lines {"op":"envsubst","text":..,"vars":{..},"strict":bool} or {"op":"semver","range":..,"version":..}
// and prints the real libraries' answers as JSON lines.
func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		var in struct {
			Op      string            `json:"op"`
			Text    string            `json:"text"`
			Vars    map[string]string `json:"vars"`
			Strict  bool              `json:"strict"`
			Range   string            `json:"range"`
			Object  json.RawMessage   `json:"object"`
			Pattern string            `json:"pattern"`
			Extract string            `json:"extract"`
			Tag     string            `json:"tag"`
			Version string            `json:"version"`
			Ns      string            `json:"ns"`
			Sets    []labels.Set      `json:"sets"`
		}
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out := map[string]any{}
		switch in.Op {
		case "envsubst":
			res, err := envsubst.Eval(in.Text, func(s string) (string, bool) {
				if in.Strict {
					v, ok := in.Vars[s]
					return v, ok
				}
				return in.Vars[s], true
			})
			if err != nil {
				out["error"] = err.Error()
			} else {
				out["value"] = res
			}
		case "substitute":
			// kustomize-controller's postBuild pipeline for one object (fluxcd/pkg/kustomize varSubstitution):
			// resource JSON -> sigs.k8s.io/yaml JSONToYAML -> envsubst -> YAMLToJSON -> must be an object.
			text, err := yaml.JSONToYAML(in.Object)
			if err != nil {
				out["error"] = err.Error()
				break
			}
			res, err := envsubst.Eval(string(text), func(s string) (string, bool) {
				if in.Strict {
					v, ok := in.Vars[s]
					return v, ok
				}
				return in.Vars[s], true
			})
			if err != nil {
				out["error"] = err.Error()
				break
			}
			j, err := yaml.YAMLToJSON([]byte(res))
			if err != nil {
				out["error"] = "YAMLToJSON: " + err.Error()
				break
			}
			var obj map[string]any
			if err := json.Unmarshal(j, &obj); err != nil {
				out["error"] = "UnmarshalJSON: " + err.Error()
				break
			}
			out["yaml"] = string(text)
			out["value"] = obj
		case "filter":
			// image-reflector-controller filterTags: FindStringSubmatchIndex, then Expand with `extract`.
			re, err := regexp.Compile(in.Pattern)
			if err != nil {
				out["patternError"] = err.Error()
				break
			}
			m := re.FindStringSubmatchIndex(in.Tag)
			out["match"] = len(m) > 0
			if len(m) > 0 && in.Extract != "" {
				out["value"] = string(re.ExpandString(nil, in.Extract, in.Tag, m))
			}
		case "duration":
			// time.ParseDuration, then Duration.String of the result (nanoseconds as a decimal string).
			d, err := time.ParseDuration(in.Text)
			if err != nil {
				out["error"] = err.Error()
				break
			}
			out["ns"] = strconv.FormatInt(int64(d), 10)
			out["string"] = d.String()
		case "durationString":
			n, err := strconv.ParseInt(in.Ns, 10, 64)
			if err != nil {
				out["error"] = err.Error()
				break
			}
			out["string"] = time.Duration(n).String()
		case "selector":
			// labels.Parse (the string syntax), its canonical String, and Matches against each label set.
			sel, err := labels.Parse(in.Text)
			if err != nil {
				out["error"] = err.Error()
				break
			}
			selectorAnswers(out, sel, in.Sets)
		case "labelSelector":
			// metav1.LabelSelectorAsSelector (matchLabels + matchExpressions objects).
			var ls *metav1.LabelSelector
			if err := json.Unmarshal(in.Object, &ls); err != nil {
				out["error"] = "json: " + err.Error()
				break
			}
			sel, err := metav1.LabelSelectorAsSelector(ls)
			if err != nil {
				out["error"] = err.Error()
				break
			}
			selectorAnswers(out, sel, in.Sets)
		case "labelKey":
			out["errors"] = nonNil(validation.IsQualifiedName(in.Text))
		case "labelValue":
			out["errors"] = nonNil(validation.IsValidLabelValue(in.Text))
		case "semver":
			c, err := semver.NewConstraint(in.Range)
			if err != nil {
				out["rangeError"] = err.Error()
				break
			}
			// fluxcd/pkg/version.ParseVersion: at least three dot-separated parts, then Masterminds' loose parse.
			if len(strings.SplitN(in.Version, ".", 3)) != 3 {
				out["versionError"] = semver.ErrInvalidSemVer.Error()
				break
			}
			v, err := semver.NewVersion(in.Version)
			if err != nil {
				out["versionError"] = err.Error()
				break
			}
			out["match"] = c.Check(v)
		}
		enc.Encode(out)
	}
}

func selectorAnswers(out map[string]any, sel labels.Selector, sets []labels.Set) {
	out["string"] = sel.String()
	out["empty"] = sel.Empty()
	matches := make([]bool, 0, len(sets))
	for _, set := range sets {
		matches = append(matches, sel.Matches(set))
	}
	out["matches"] = matches
}

func nonNil(errs []string) []string {
	if errs == nil {
		return []string{}
	}
	return errs
}
