package main

import (
	"fmt"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// soapFault is a fault in vCenter's wire shape: its type, message and detail elements.
type soapFault struct {
	kind    string
	message string
	detail  string
}

func fileFault(file string) *soapFault {
	return &soapFault{"FileFault", "Error caused by file " + file, "<file>" + escape(file) + "</file>"}
}

func invalidArgument(property string) *soapFault {
	return &soapFault{"InvalidArgument", "A specified parameter was not correct: " + property,
		"<invalidProperty>" + escape(property) + "</invalidProperty>"}
}

func notFound(ref types.ManagedObjectReference) *soapFault {
	return &soapFault{"ManagedObjectNotFound",
		fmt.Sprintf("The object 'vim.%s:%s' has already been deleted or has not been completely created", ref.Type, ref.Value),
		fmt.Sprintf(`<obj type="%s">%s</obj>`, escape(ref.Type), escape(ref.Value))}
}

// queryChangedDiskAreas answers from the fingerprints taken at snapshot time. Faults, as vCenter:
// unknown VM or snapshot -> ManagedObjectNotFound; bad deviceKey, startOffset or a malformed
// changeId -> InvalidArgument; tracking off, a snapshot taken with tracking off, or a changeId this
// disk no longer knows (reset, other epoch) -> FileFault naming the disk.
func (s *cbtSimulator) queryChangedDiskAreas(req *types.QueryChangedDiskAreas) (*types.DiskChangeInfo, *soapFault) {
	if s.takeFailure("QueryChangedDiskAreas") {
		reason := "injected failure of QueryChangedDiskAreas (pilotlight-sim fail-next-query)"
		return nil, &soapFault{"SystemError", "A general system error occurred: " + reason,
			"<reason>" + escape(reason) + "</reason>"}
	}
	tv := s.lookup(req.This.Value)
	if tv == nil {
		return nil, notFound(req.This)
	}
	var info *types.DiskChangeInfo
	var fault *soapFault
	simulator.Map.WithLock(tv.vm, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		info, fault = s.changedAreas(tv, req)
	})
	return info, fault
}

func (s *cbtSimulator) changedAreas(tv *trackedVM, req *types.QueryChangedDiskAreas) (*types.DiskChangeInfo, *soapFault) {
	disk := tv.disk(req.DeviceKey)
	if disk == nil {
		return nil, invalidArgument("deviceKey")
	}
	if req.Snapshot == nil {
		return nil, invalidArgument("snapshot")
	}
	if _, ok := simulator.Map.Get(*req.Snapshot).(*simulator.VirtualMachineSnapshot); !ok {
		return nil, notFound(*req.Snapshot)
	}
	if !tv.enabled {
		return nil, fileFault(disk.fileName)
	}
	target := disk.prints[tv.snapshots[req.Snapshot.Value][disk.key]]
	if target == nil {
		return nil, fileFault(disk.fileName)
	}
	if req.StartOffset < 0 || req.StartOffset >= disk.capacity {
		return nil, invalidArgument("startOffset")
	}
	var base []grainPrint
	if req.ChangeId != "*" {
		if !changeIDPattern.MatchString(req.ChangeId) {
			return nil, invalidArgument("changeId")
		}
		if base = disk.prints[req.ChangeId]; base == nil {
			return nil, fileFault(disk.fileName)
		}
	}
	return page(target, base, req.StartOffset, disk.capacity, s.pageSize), nil
}

// page lists the changed grains from start on, adjacent grains merged, at most limit areas; the
// answer's length stops at the end of its last area when the page is full, else at the disk's end.
func page(target, base []grainPrint, start, capacity int64, limit int) *types.DiskChangeInfo {
	info := &types.DiskChangeInfo{StartOffset: start, Length: capacity - start}
	changed := func(g int) bool {
		if base == nil {
			return target[g] != grainPrint{}
		}
		return target[g] != base[g]
	}
	for g := int(start / grainSize); g < len(target); g++ {
		if !changed(g) {
			continue
		}
		from := int64(g) * grainSize
		if from < start {
			from = start
		}
		to := int64(g+1) * grainSize
		areas := info.ChangedArea
		if n := len(areas); n > 0 && areas[n-1].Start+areas[n-1].Length == from {
			areas[n-1].Length = to - areas[n-1].Start
			continue
		}
		if len(areas) == limit {
			last := areas[len(areas)-1]
			info.Length = last.Start + last.Length - start
			break
		}
		info.ChangedArea = append(areas, types.DiskChangeExtent{Start: from, Length: to - from})
	}
	if n := len(info.ChangedArea); n > 0 {
		last := &info.ChangedArea[n-1]
		if last.Start+last.Length > capacity {
			last.Length = capacity - last.Start
		}
	}
	return info
}
