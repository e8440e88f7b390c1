package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/Masterminds/semver/v3"
	"github.com/fluxcd/pkg/envsubst"
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
