package main

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/types"
)

// grainSize is the unit of change tracking, CBT's usual 64 KiB.
const grainSize = 64 * 1024

// grainPrint is a truncated SHA-256 of one grain; the zero value stands for a grain of zeros.
type grainPrint [16]byte

// trackedDisk is one virtual disk and the fingerprints of its past change ids.
type trackedDisk struct {
	key      int32
	label    string
	fileName string // "[ds] vm/vm.vmdk", the backing fileName
	flatFile string // local path of vm-flat.vmdk
	capacity int64
	epoch    string                  // "52 xx ... xx", renewed when tracking starts or is reset
	sequence int                     // last number handed out after the epoch
	prints   map[string][]grainPrint // change id -> grain fingerprints at that snapshot
}

// trackedVM is a VM with the change ids recorded on each of its snapshots' disks.
type trackedVM struct {
	vm        *simulator.VirtualMachine
	enabled   bool
	disks     []*trackedDisk
	snapshots map[string]map[int32]string // snapshot moref value -> device key -> change id
}

// cbtSimulator holds the state added to govmomi's simulator: change tracking, sessions, faults.
type cbtSimulator struct {
	mu       sync.Mutex
	pageSize int
	vms      map[string]*trackedVM // by VM moref value
	byName   map[string]*trackedVM
	failNext map[string]int  // method name -> tasks left to fail
	sessions map[string]bool // session keys handed out and not expired
	names    []string
	hold     chan struct{} // while set, datastore GETs wait until it is closed (hold-reads)
	held     int           // datastore GETs that reached the hold since it was set
}

func newSimulator(pageSize int) *cbtSimulator {
	return &cbtSimulator{pageSize: pageSize, vms: map[string]*trackedVM{}, byName: map[string]*trackedVM{},
		failNext: map[string]int{}, sessions: map[string]bool{}}
}

// register sizes the flat files of a new VM's disks, writes their descriptors and starts tracking.
func (s *cbtSimulator) register(vm *simulator.VirtualMachine, root, dc, ds string) vmReady {
	s.mu.Lock()
	defer s.mu.Unlock()
	tv := &trackedVM{vm: vm, snapshots: map[string]map[int32]string{}}
	out := vmReady{Name: vm.Name, Moref: vm.Self.Value}
	for _, device := range vm.Config.Hardware.Device {
		disk, ok := device.(*types.VirtualDisk)
		if !ok {
			continue
		}
		backing := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
		var p object.DatastorePath
		p.FromString(backing.FileName)
		flatPath := strings.TrimSuffix(p.Path, ".vmdk") + "-flat.vmdk"
		td := &trackedDisk{key: disk.Key, label: disk.DeviceInfo.GetDescription().Label, fileName: backing.FileName,
			flatFile: filepath.Join(root, filepath.FromSlash(flatPath)), capacity: disk.CapacityInBytes}
		if err := os.Truncate(td.flatFile, td.capacity); err != nil {
			panic(fmt.Sprintf("sizing %s: %v", td.flatFile, err))
		}
		descriptor := filepath.Join(root, filepath.FromSlash(p.Path))
		if err := writeDescriptor(descriptor, filepath.Base(flatPath), td.capacity, backing.Uuid); err != nil {
			panic(fmt.Sprintf("writing %s: %v", descriptor, err))
		}
		tv.disks = append(tv.disks, td)
		out.Disks = append(out.Disks, diskReady{Key: td.key, Label: td.label, FileName: td.fileName,
			FlatFile: td.flatFile, FolderPath: folderPath(flatPath, dc, ds), Capacity: td.capacity, UUID: backing.Uuid})
	}
	tv.enabled = vm.Config.ChangeTrackingEnabled != nil && *vm.Config.ChangeTrackingEnabled
	if tv.enabled {
		tv.restart()
	}
	out.ChangeTrackingEnabled = tv.enabled
	s.vms[vm.Self.Value] = tv
	s.byName[vm.Name] = tv
	s.names = append(s.names, vm.Name)
	return out
}

// restart forgets every change id: a new epoch per disk, as when CBT is enabled or reset.
func (tv *trackedVM) restart() {
	for _, d := range tv.disks {
		d.epoch = newEpoch()
		d.sequence = 0
		d.prints = map[string][]grainPrint{}
	}
	tv.snapshots = map[string]map[int32]string{}
	for _, device := range tv.vm.Config.Hardware.Device {
		if disk, ok := device.(*types.VirtualDisk); ok {
			disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).ChangeId = ""
		}
	}
}

func newEpoch() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[0] = 0x52
	hexes := make([]string, 16)
	for i, x := range b {
		hexes[i] = fmt.Sprintf("%02x", x)
	}
	return strings.Join(hexes[:8], " ") + "-" + strings.Join(hexes[8:], " ")
}

// changeIDPattern is vSphere's change id shape: 16 hex bytes, a dash after the 8th, then /sequence.
var changeIDPattern = regexp.MustCompile(`^52( [0-9a-f]{2}){7}-[0-9a-f]{2}( [0-9a-f]{2}){7}/[0-9]+$`)

// syncEnabled follows config.changeTrackingEnabled after a ReconfigVM_Task.
func (s *cbtSimulator) syncEnabled(vmRef string) {
	tv := s.lookup(vmRef)
	if tv == nil {
		return
	}
	simulator.Map.WithLock(tv.vm, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		enabled := tv.vm.Config.ChangeTrackingEnabled != nil && *tv.vm.Config.ChangeTrackingEnabled
		if enabled != tv.enabled {
			tv.enabled = enabled
			tv.restart()
		}
	})
}

func (s *cbtSimulator) lookup(vmRef string) *trackedVM {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vms[vmRef]
}

// afterSnapshot gives the new snapshot its own copy of the disks and, with tracking on, a new
// change id per disk fingerprinted from the flat file as it is now.
func (s *cbtSimulator) afterSnapshot(vmRef string, snapRef types.ManagedObjectReference) error {
	tv := s.lookup(vmRef)
	snapshot, ok := simulator.Map.Get(snapRef).(*simulator.VirtualMachineSnapshot)
	if tv == nil || !ok {
		return nil
	}
	var failure error
	simulator.Map.WithLock(tv.vm, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		ids := map[int32]string{}
		devices := make([]types.BaseVirtualDevice, len(snapshot.Config.Hardware.Device))
		for i, device := range snapshot.Config.Hardware.Device {
			devices[i] = device
			live, ok := device.(*types.VirtualDisk)
			if !ok {
				continue
			}
			liveBacking := live.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
			if td := tv.disk(live.Key); td != nil && tv.enabled {
				prints, err := fingerprint(td.flatFile, td.capacity)
				if err != nil {
					failure = err
					return
				}
				td.sequence++
				id := fmt.Sprintf("%s/%d", td.epoch, td.sequence)
				td.prints[id] = prints
				liveBacking.ChangeId = id
				ids[live.Key] = id
			}
			copied, backing := *live, *liveBacking
			copied.Backing = &backing
			devices[i] = &copied
		}
		snapshot.Config.Hardware.Device = devices
		if tv.enabled {
			tv.snapshots[snapRef.Value] = ids
		}
	})
	return failure
}

func (tv *trackedVM) disk(key int32) *trackedDisk {
	for _, d := range tv.disks {
		if d.key == key {
			return d
		}
	}
	return nil
}

// fingerprint digests every grain of the flat file, skipping holes (SEEK_DATA/SEEK_HOLE).
func fingerprint(path string, capacity int64) ([]grainPrint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	prints := make([]grainPrint, (capacity+grainSize-1)/grainSize)
	buf := make([]byte, grainSize)
	for offset := int64(0); offset < capacity; {
		data, err := f.Seek(offset, 3) // SEEK_DATA
		if errors.Is(err, syscall.ENXIO) {
			break
		} else if err != nil {
			data = offset
		}
		start := data / grainSize * grainSize
		end, err := f.Seek(data, 4) // SEEK_HOLE, from the data: start itself may lie in a hole
		if err != nil || end > capacity {
			end = capacity
		}
		for g := start; g < end; g += grainSize {
			n, err := f.ReadAt(buf, g)
			if err != nil && err != io.EOF {
				return nil, err
			}
			if g+int64(n) > capacity {
				n = int(capacity - g)
			}
			prints[g/grainSize] = digest(buf[:n])
		}
		offset = (end + grainSize - 1) / grainSize * grainSize
		if offset <= start {
			offset = start + grainSize
		}
	}
	return prints, nil
}

func digest(grain []byte) grainPrint {
	for _, b := range grain {
		if b != 0 {
			sum := sha256.Sum256(grain)
			var p grainPrint
			copy(p[:], sum[:])
			if p == (grainPrint{}) {
				p[0] = 1
			}
			return p
		}
	}
	return grainPrint{}
}
