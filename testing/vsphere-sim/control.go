package main

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// controlPrefix is the test control endpoint, on the same server as /sdk.
const controlPrefix = "/pilotlight-sim/"

// control serves the knobs for tests; answers are plain text, errors name the valid values.
func (s *cbtSimulator) control(w http.ResponseWriter, r *http.Request) {
	action := strings.TrimPrefix(r.URL.Path, controlPrefix)
	q := r.URL.Query()
	if action == "snapshot-count" {
		if tv := s.vmNamed(w, q.Get("vm")); tv != nil {
			fmt.Fprintln(w, s.snapshotCount(tv))
		}
		return
	}
	if action == "held-reads" {
		s.mu.Lock()
		fmt.Fprintln(w, s.held)
		s.mu.Unlock()
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, action+" takes POST", http.StatusMethodNotAllowed)
		return
	}
	switch action {
	case "expire-sessions":
		s.mu.Lock()
		s.sessions = map[string]bool{}
		s.mu.Unlock()
	case "fail-next-task":
		method := q.Get("method")
		if !strings.HasSuffix(method, "_Task") || len(method) <= len("_Task") {
			http.Error(w, fmt.Sprintf("method %q: give a task method such as RemoveSnapshot_Task", method), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.failNext[method]++
		s.mu.Unlock()
	case "fail-next-query":
		s.mu.Lock()
		s.failNext["QueryChangedDiskAreas"]++
		s.mu.Unlock()
	case "reset-change-tracking":
		tv := s.vmNamed(w, q.Get("vm"))
		if tv == nil {
			return
		}
		simulator.Map.WithLock(tv.vm, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			tv.restart()
		})
	case "change-tracking":
		tv := s.vmNamed(w, q.Get("vm"))
		if tv == nil {
			return
		}
		enabled, err := strconv.ParseBool(q.Get("enabled"))
		if err != nil {
			http.Error(w, "enabled must be true or false", http.StatusBadRequest)
			return
		}
		simulator.Map.WithLock(tv.vm, func() { tv.vm.Config.ChangeTrackingEnabled = types.NewBool(enabled) })
		s.syncEnabled(tv.vm.Self.Value)
	case "disk-mode":
		tv := s.vmNamed(w, q.Get("vm"))
		if tv == nil {
			return
		}
		index, err := strconv.Atoi(q.Get("disk"))
		if err != nil {
			http.Error(w, fmt.Sprintf("disk %q: give the disk's index (0 for the first)", q.Get("disk")), http.StatusBadRequest)
			return
		}
		found := false
		simulator.Map.WithLock(tv.vm, func() {
			n := 0
			for _, device := range tv.vm.Config.Hardware.Device {
				if disk, ok := device.(*types.VirtualDisk); ok {
					if n == index {
						disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).DiskMode = q.Get("mode")
						found = true
					}
					n++
				}
			}
		})
		if !found {
			http.Error(w, fmt.Sprintf("VM %s has no disk %d", q.Get("vm"), index), http.StatusBadRequest)
			return
		}
	case "page-size":
		areas, err := strconv.Atoi(q.Get("areas"))
		if err != nil || areas < 1 {
			http.Error(w, fmt.Sprintf("areas %q: must be a whole number of at least 1", q.Get("areas")), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.pageSize = areas
		s.mu.Unlock()
	case "hold-reads":
		on, err := strconv.ParseBool(q.Get("on"))
		if err != nil {
			http.Error(w, "on must be true or false", http.StatusBadRequest)
			return
		}
		s.holdReads(on)
	default:
		http.Error(w, fmt.Sprintf("unknown action %q: valid are expire-sessions, fail-next-task, fail-next-query, reset-change-tracking, change-tracking, disk-mode, page-size, hold-reads, held-reads, snapshot-count", action), http.StatusNotFound)
		return
	}
	fmt.Fprintln(w, "ok")
}

func (s *cbtSimulator) vmNamed(w http.ResponseWriter, name string) *trackedVM {
	s.mu.Lock()
	defer s.mu.Unlock()
	tv := s.byName[name]
	if tv == nil {
		names := append([]string(nil), s.names...)
		sort.Strings(names)
		http.Error(w, fmt.Sprintf("no VM named %q: valid are %s", name, strings.Join(names, ", ")), http.StatusNotFound)
	}
	return tv
}

func (s *cbtSimulator) snapshotCount(tv *trackedVM) int {
	count := 0
	var walk func([]types.VirtualMachineSnapshotTree)
	walk = func(trees []types.VirtualMachineSnapshotTree) {
		for _, t := range trees {
			count++
			walk(t.ChildSnapshotList)
		}
	}
	simulator.Map.WithLock(tv.vm, func() {
		if tv.vm.Snapshot != nil {
			walk(tv.vm.Snapshot.RootSnapshotList)
		}
	})
	return count
}

// holdReads makes datastore GETs wait (on) or lets every waiting one go (off); held counts from 0 again.
func (s *cbtSimulator) holdReads(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold != nil {
		close(s.hold)
		s.hold = nil
	}
	s.held = 0
	if on {
		s.hold = make(chan struct{})
	}
}

// waitForRelease holds a datastore GET while hold-reads is on; false when the client went away first.
func (s *cbtSimulator) waitForRelease(r *http.Request) bool {
	s.mu.Lock()
	hold := s.hold
	if hold != nil {
		s.held++
	}
	s.mu.Unlock()
	if hold == nil {
		return true
	}
	select {
	case <-hold:
		return true
	case <-r.Context().Done():
		return false
	}
}
