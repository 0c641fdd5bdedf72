package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vim25/xml"
)

// withoutSession are the methods vCenter answers before Login; every other call needs a session.
var withoutSession = map[string]bool{"RetrieveServiceContent": true, "Login": true, "LoginByToken": true,
	"LoginExtensionByCertificate": true, "LoginExtensionBySubjectName": true, "CloneSession": true}

// wrap puts the additions in front of the simulator's handler: the control endpoint, session
// checks on /sdk and /folder, QueryChangedDiskAreas, injected task failures and the CBT hooks.
func (s *cbtSimulator) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, controlPrefix):
			s.control(w, r)
		case strings.HasPrefix(r.URL.Path, "/folder/"):
			if !s.validSession(r) {
				http.Error(w, "the session is not authenticated", http.StatusUnauthorized)
				return
			}
			if r.Method == http.MethodGet && !s.waitForRelease(r) {
				return // the client went away while held
			}
			next.ServeHTTP(w, r)
		case r.URL.Path == "/sdk" && r.Method == http.MethodPost:
			s.serveSDK(w, r, next)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func sessionKey(r *http.Request) string {
	if c, err := r.Cookie(soap.SessionCookieName); err == nil {
		return strings.Trim(c.Value, `"`)
	}
	return ""
}

func (s *cbtSimulator) validSession(r *http.Request) bool {
	key := sessionKey(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	return key != "" && s.sessions[key]
}

func (s *cbtSimulator) serveSDK(w http.ResponseWriter, r *http.Request, next http.Handler) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	method, err := simulator.UnmarshalBody(types.TypeFunc(), body)
	if err != nil {
		next.ServeHTTP(w, r)
		return
	}
	if !s.validSession(r) {
		r.Header.Del("Cookie") // an expired session must not reach the simulator, which still knows it
		if !withoutSession[method.Name] {
			writeFault(w, &soapFault{"NotAuthenticated", "The session is not authenticated.",
				fmt.Sprintf(`<object type="%s">%s</object><privilegeId>System.View</privilegeId>`,
					escape(method.This.Type), escape(method.This.Value))})
			return
		}
	}
	if req, ok := method.Body.(*types.QueryChangedDiskAreas); ok {
		info, fault := s.queryChangedDiskAreas(req)
		if fault != nil {
			writeFault(w, fault)
			return
		}
		writeBody(w, http.StatusOK, changeInfoXML(info))
		return
	}
	if s.takeFailure(method.Name) {
		if obj := simulator.Map.Get(method.This); obj != nil {
			writeBody(w, http.StatusOK, failedTask(obj, method.Name))
			return
		}
	}
	key := sessionKey(r)
	recorder := httptest.NewRecorder()
	next.ServeHTTP(recorder, r)
	s.afterCall(method, key, recorder)
	for k, v := range recorder.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(recorder.Code)
	_, _ = w.Write(recorder.Body.Bytes())
}

// afterCall records sessions handed out and ended, and runs the CBT hooks of snapshots and reconfigurations.
func (s *cbtSimulator) afterCall(method *simulator.Method, key string, recorder *httptest.ResponseRecorder) {
	for _, c := range recorder.Result().Cookies() {
		if c.Name == soap.SessionCookieName {
			s.mu.Lock()
			s.sessions[c.Value] = true
			s.mu.Unlock()
		}
	}
	if recorder.Code != http.StatusOK {
		return
	}
	switch method.Name {
	case "Logout":
		s.mu.Lock()
		delete(s.sessions, key)
		s.mu.Unlock()
	case "CreateSnapshot_Task", "ReconfigVM_Task":
		task, ok := simulator.Map.Get(taskRef(recorder.Body.Bytes())).(*simulator.Task)
		if !ok || task.Info.State != types.TaskInfoStateSuccess {
			return
		}
		if method.Name == "ReconfigVM_Task" {
			s.syncEnabled(method.This.Value)
		} else if snap, ok := task.Info.Result.(types.ManagedObjectReference); ok {
			if err := s.afterSnapshot(method.This.Value, snap); err != nil {
				task.Info.State = types.TaskInfoStateError
				task.Info.Error = &types.LocalizedMethodFault{Fault: &types.SystemError{Reason: err.Error()},
					LocalizedMessage: err.Error()}
			}
		}
	}
}

// taskRef reads the Task moref out of a *_Task response.
func taskRef(body []byte) types.ManagedObjectReference {
	var envelope struct {
		Body struct {
			Response struct {
				Returnval types.ManagedObjectReference `xml:"returnval"`
			} `xml:",any"`
		}
	}
	_ = xml.Unmarshal(body, &envelope)
	return envelope.Body.Response.Returnval
}

func (s *cbtSimulator) takeFailure(method string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failNext[method] > 0 {
		s.failNext[method]--
		return true
	}
	return false
}

// failedTask starts a task for method on obj that ends in a SystemError, and answers with it.
func failedTask(obj interface {
	Reference() types.ManagedObjectReference
}, method string) string {
	name := strings.TrimSuffix(method, "_Task")
	name = strings.ToLower(name[:1]) + name[1:]
	reason := fmt.Sprintf("injected failure of %s (pilotlight-sim fail-next-task)", method)
	task := simulator.CreateTask(obj, name, func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return nil, &types.SystemError{Reason: reason}
	})
	ref := task.Run()
	return fmt.Sprintf(`<%sResponse xmlns="urn:vim25"><returnval type="Task">%s</returnval></%sResponse>`,
		method, escape(ref.Value), method)
}

func changeInfoXML(info *types.DiskChangeInfo) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<QueryChangedDiskAreasResponse xmlns="urn:vim25"><returnval><startOffset>%d</startOffset><length>%d</length>`,
		info.StartOffset, info.Length)
	for _, a := range info.ChangedArea {
		fmt.Fprintf(&b, "<changedArea><start>%d</start><length>%d</length></changedArea>", a.Start, a.Length)
	}
	b.WriteString("</returnval></QueryChangedDiskAreasResponse>")
	return b.String()
}

func writeFault(w http.ResponseWriter, f *soapFault) {
	writeBody(w, http.StatusInternalServerError, fmt.Sprintf(
		`<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>%s</faultstring><detail><%sFault xmlns="urn:vim25" xsi:type="%s">%s</%sFault></detail></soapenv:Fault>`,
		escape(f.message), f.kind, f.kind, f.detail, f.kind))
}

// writeBody answers in vCenter's envelope (xsi:type, as vCenter writes it).
func writeBody(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>%s</soapenv:Body></soapenv:Envelope>`, body)
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
