package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/fluxcd/cli-utils/pkg/kstatus/status"
	"github.com/fluxcd/pkg/runtime/statusreaders"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// Reads a JSON array of Kubernetes objects on stdin and prints, per object, the status Flux's health checks
// compute: kstatus Compute, except Jobs, which Flux reads with its own status reader.
func main() {
	// Decode as the API machinery does, so integers are int64 (encoding/json would give float64, which
	// kstatus's NestedInt64 rejects).
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var objects []interface{}
	if err := utiljson.Unmarshal(raw, &objects); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := []map[string]any{}
	for _, o := range objects {
		u := &unstructured.Unstructured{Object: o.(map[string]interface{})}
		var res *status.Result
		var err error
		if u.GetKind() == "Job" && u.GroupVersionKind().Group == "batch" {
			r := statusreaders.ComputeJobStatus(u)
			res = &r
		} else {
			res, err = status.Compute(u)
		}
		entry := map[string]any{}
		if err != nil {
			entry["status"] = "Unknown"
			entry["error"] = err.Error()
		} else {
			entry["status"] = string(res.Status)
			entry["message"] = res.Message
			reason := ""
			for _, c := range res.Conditions {
				if c.Type == status.ConditionReconciling || c.Type == status.ConditionStalled {
					reason = c.Reason
				}
			}
			entry["reason"] = reason
		}
		out = append(out, entry)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
