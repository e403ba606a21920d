# SPDX-License-Identifier: BSD-2-Clause
"""CWMP messages as the scripted ACS writes and reads them.

Builders produce exactly GenieACS 1.2's shapes (see
../shared/genieacs/*.txt): the soap-env, soap-enc, xsd, xsi and cwmp
prefixes, a newline after the XML declaration, a cwmp:ID header with
mustUnderstand="1", no whitespace between elements. parse() reads what the
CPE sends (any prefixes) into a Message with the fields the scenarios check.
"""

import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP_ENC = "http://schemas.xmlsoap.org/soap/encoding/"
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

NS_1_0 = "urn:dslforum-org:cwmp-1-0"
NS_1_1 = "urn:dslforum-org:cwmp-1-1"
NS_1_2 = "urn:dslforum-org:cwmp-1-2"
CWMP_NAMESPACES = (NS_1_0, NS_1_1, NS_1_2)


def short_ns(ns):
    """'urn:dslforum-org:cwmp-1-2' -> '1-2' (for logs)."""
    return ns.rsplit("cwmp-", 1)[-1] if ns else "-"


# ---- writing (GenieACS shapes) ------------------------------------------

def envelope(ns, cwmp_id, body, headers=""):
    """A whole envelope the way GenieACS writes it. body and headers are
    XML text using the soap-env/soap-enc/xsd/xsi/cwmp prefixes."""
    head = ""
    if cwmp_id is not None:
        head += ('<cwmp:ID soap-env:mustUnderstand="1">%s</cwmp:ID>'
                 % escape(cwmp_id))
    head += headers
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<soap-env:Envelope xmlns:soap-enc="%s" xmlns:soap-env="%s" '
            'xmlns:xsd="%s" xmlns:xsi="%s" xmlns:cwmp="%s">'
            '<soap-env:Header>%s</soap-env:Header>'
            '<soap-env:Body>%s</soap-env:Body></soap-env:Envelope>'
            % (SOAP_ENC, SOAP_ENV, XSD, XSI, ns, head, body))


def hold_requests_header(value=True):
    return ('<cwmp:HoldRequests soap-env:mustUnderstand="1">%s'
            '</cwmp:HoldRequests>' % ("1" if value else "0"))


def use_cwmp_version_header(version):
    return ('<cwmp:UseCWMPVersion soap-env:mustUnderstand="1">%s'
            '</cwmp:UseCWMPVersion>' % escape(version))


def _strings(names):
    return ('<ParameterNames soap-enc:arrayType="xsd:string[%d]">%s'
            '</ParameterNames>' % (len(names), "".join(
                "<string>%s</string>" % escape(n) for n in names)))


def inform_response_body():
    return "<cwmp:InformResponse><MaxEnvelopes>1</MaxEnvelopes></cwmp:InformResponse>"


def get_rpc_methods():
    return "<cwmp:GetRPCMethods></cwmp:GetRPCMethods>"


def get_parameter_names(path, next_level):
    return ("<cwmp:GetParameterNames><ParameterPath>%s</ParameterPath>"
            "<NextLevel>%d</NextLevel></cwmp:GetParameterNames>"
            % (escape(path), 1 if next_level else 0))


def get_parameter_values(names):
    return "<cwmp:GetParameterValues>%s</cwmp:GetParameterValues>" % _strings(names)


def set_parameter_values(values, key=""):
    """values: [(name, value, xsd_type)], xsd_type like 'xsd:string'. A CR
    in a value is sent as &#13; (a raw one would be read as LF)."""
    items = "".join(
        '<ParameterValueStruct><Name>%s</Name><Value xsi:type="%s">%s</Value>'
        '</ParameterValueStruct>' % (escape(n), t, escape(str(v), {"\r": "&#13;"}))
        for n, v, t in values)
    return ('<cwmp:SetParameterValues><ParameterList soap-enc:arrayType='
            '"cwmp:ParameterValueStruct[%d]">%s</ParameterList><ParameterKey>%s'
            '</ParameterKey></cwmp:SetParameterValues>'
            % (len(values), items, escape(key)))


def get_parameter_attributes(names):
    return ("<cwmp:GetParameterAttributes>%s</cwmp:GetParameterAttributes>"
            % _strings(names))


def set_parameter_attributes(attrs):
    """attrs: [(name, notification or None, access_list or None)]; None
    leaves that attribute alone (Change false), [] clears the AccessList."""
    items = ""
    for name, notif, access_in in attrs:
        access = access_in or []
        items += ("<SetParameterAttributesStruct><Name>%s</Name>"
                  "<NotificationChange>%s</NotificationChange>"
                  "<Notification>%d</Notification>"
                  "<AccessListChange>%s</AccessListChange>"
                  '<AccessList soap-enc:arrayType="xsd:string[%d]">%s</AccessList>'
                  "</SetParameterAttributesStruct>"
                  % (escape(name), "true" if notif is not None else "false",
                     notif or 0, "false" if access_in is None else "true", len(access),
                     "".join("<string>%s</string>" % escape(a) for a in access)))
    return ('<cwmp:SetParameterAttributes><ParameterList soap-enc:arrayType='
            '"cwmp:SetParameterAttributesStruct[%d]">%s</ParameterList>'
            "</cwmp:SetParameterAttributes>" % (len(attrs), items))


def add_object(name, key=""):
    return ("<cwmp:AddObject><ObjectName>%s</ObjectName><ParameterKey>%s"
            "</ParameterKey></cwmp:AddObject>" % (escape(name), escape(key)))


def delete_object(name, key=""):
    return ("<cwmp:DeleteObject><ObjectName>%s</ObjectName><ParameterKey>%s"
            "</ParameterKey></cwmp:DeleteObject>" % (escape(name), escape(key)))


def reboot(command_key=""):
    return "<cwmp:Reboot><CommandKey>%s</CommandKey></cwmp:Reboot>" % escape(command_key)


def factory_reset():
    return "<cwmp:FactoryReset></cwmp:FactoryReset>"


def download(command_key, url, file_size, file_type="1 Firmware Upgrade Image",
             username="", password="", delay=0, target=""):
    return ("<cwmp:Download><CommandKey>%s</CommandKey><FileType>%s</FileType>"
            "<URL>%s</URL><Username>%s</Username><Password>%s</Password>"
            "<FileSize>%d</FileSize><TargetFileName>%s</TargetFileName>"
            "<DelaySeconds>%d</DelaySeconds><SuccessURL></SuccessURL>"
            "<FailureURL></FailureURL></cwmp:Download>"
            % (escape(command_key), escape(file_type), escape(url), escape(username),
               escape(password), file_size, escape(target), delay))


def time_window(start, end, mode="1 At Any Time", retries=0, message=""):
    """One TimeWindowStruct of a ScheduleDownload (seconds from now)."""
    return ("<TimeWindowStruct><WindowStart>%d</WindowStart><WindowEnd>%d</WindowEnd>"
            "<WindowMode>%s</WindowMode><UserMessage>%s</UserMessage>"
            "<MaxRetries>%d</MaxRetries></TimeWindowStruct>"
            % (start, end, escape(mode), escape(message), retries))


def schedule_download(command_key, url, windows, target="",
                      file_type="3 Vendor Configuration File"):
    """ScheduleDownload (cwmp-1-2) of url in windows (time_window texts)."""
    return ("<cwmp:ScheduleDownload><CommandKey>%s</CommandKey>"
            "<FileType>%s</FileType><URL>%s</URL>"
            "<Username></Username><Password></Password><FileSize>0</FileSize>"
            "<TargetFileName>%s</TargetFileName>"
            '<TimeWindowList soap-enc:arrayType="cwmp:TimeWindowStruct[%d]">%s</TimeWindowList>'
            "</cwmp:ScheduleDownload>" % (escape(command_key), escape(file_type), escape(url),
                                          escape(target), len(windows), "".join(windows)))


def empty_response(method):
    """The ACS's answer to a CPE request, e.g. TransferCompleteResponse."""
    if method == "GetRPCMethods":
        methods = ["Inform", "GetRPCMethods", "TransferComplete",
                   "AutonomousTransferComplete", "RequestDownload", "Kicked"]
        return ('<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType='
                '"xsd:string[%d]">%s</MethodList></cwmp:GetRPCMethodsResponse>'
                % (len(methods), "".join("<string>%s</string>" % m for m in methods)))
    if method == "Kicked":
        return "<cwmp:KickedResponse><NextURL></NextURL></cwmp:KickedResponse>"
    return "<cwmp:%sResponse></cwmp:%sResponse>" % (method, method)


def acs_fault(code, string):
    """A SOAP fault from the ACS (e.g. 8005 Retry request to the Inform)."""
    return ("<soap-env:Fault><faultcode>Server</faultcode><faultstring>CWMP fault"
            "</faultstring><detail><cwmp:Fault><FaultCode>%d</FaultCode>"
            "<FaultString>%s</FaultString></cwmp:Fault></detail></soap-env:Fault>"
            % (code, escape(string)))


class IdGen:
    """cwmp:IDs like GenieACS's: a per-session hex stem, then a counter
    ("1a205524b620000", "1a205524b620001", ...)."""

    def __init__(self, stem=None):
        self.stem = stem or "1a%09x" % random.getrandbits(36)
        self.n = 0

    def next(self):
        v = "%s%04x" % (self.stem, self.n)
        self.n += 1
        return v


# ---- reading -----------------------------------------------------------

@dataclass
class Message:
    """What one CPE body holds, as far as the scenarios care."""
    empty: bool = True
    well_formed: bool = True
    error: str = ""
    ns: str = ""                 # cwmp namespace URI of the cwmp elements
    method: str = ""             # body element's local name, "Fault" for faults
    cwmp_id: str = None
    headers: dict = field(default_factory=dict)   # other cwmp headers: name -> text
    header_attrs: dict = field(default_factory=dict)  # name -> mustUnderstand
    # Inform
    device_id: dict = field(default_factory=dict)
    events: list = field(default_factory=list)    # [(code, command_key)]
    event_array_type: str = ""
    max_envelopes: str = None
    current_time: str = None
    retry_count: str = None
    params: dict = field(default_factory=dict)    # name -> (xsi:type, value)
    param_order: list = field(default_factory=list)
    param_array_type: str = ""
    # Fault
    fault_code: int = None
    fault_string: str = None
    soap_faultcode: str = None
    # GetRPCMethodsResponse
    methods: list = field(default_factory=list)
    method_array_type: str = ""
    # everything else: the body element, for ad-hoc checks
    body: object = None

    @property
    def event_codes(self):
        return [c for c, _ in self.events]


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _nsof(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _child(el, name):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _text(el, name, default=None):
    c = _child(el, name) if el is not None else None
    return default if c is None else (c.text or "")


def _attr(el, name):
    for k, v in el.attrib.items():
        if _local(k) == name:
            return v
    return ""


def parse(body):
    """Parse a CPE body (str or bytes). Never raises."""
    m = Message()
    if isinstance(body, bytes):
        raw = body
    else:
        raw = (body or "").encode()
    if not raw.strip():
        return m
    m.empty = False
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as e:
        m.well_formed = False
        m.error = "not well-formed: %s" % e
        return m
    if root.tag != "{%s}Envelope" % SOAP_ENV:
        m.error = "root is %s, not a SOAP Envelope" % root.tag
        return m
    header = root.find("{%s}Header" % SOAP_ENV)
    if header is not None:
        for h in header:
            name = _local(h.tag)
            if _nsof(h.tag) in CWMP_NAMESPACES:
                m.ns = m.ns or _nsof(h.tag)
            m.header_attrs[name] = h.get("{%s}mustUnderstand" % SOAP_ENV)
            if name == "ID":
                m.cwmp_id = h.text or ""
            else:
                m.headers[name] = h.text or ""
    bodyel = root.find("{%s}Body" % SOAP_ENV)
    if bodyel is None or len(bodyel) == 0:
        m.error = "no SOAP Body element"
        return m
    el = bodyel[0]
    m.body = el
    m.method = _local(el.tag)
    if _nsof(el.tag) in CWMP_NAMESPACES:
        m.ns = _nsof(el.tag)
    if el.tag == "{%s}Fault" % SOAP_ENV:
        m.method = "Fault"
        m.soap_faultcode = _text(el, "faultcode")
        detail = _child(el, "detail")
        cf = _child(detail, "Fault") if detail is not None else None
        if cf is not None:
            m.ns = _nsof(cf.tag) or m.ns
            try:
                m.fault_code = int(_text(cf, "FaultCode", ""))
            except ValueError:
                m.fault_code = None
            m.fault_string = _text(cf, "FaultString")
    elif m.method == "Inform":
        _parse_inform(m, el)
    elif m.method == "GetRPCMethodsResponse":
        ml = _child(el, "MethodList")
        if ml is not None:
            m.method_array_type = _attr(ml, "arrayType")
            m.methods = [s.text or "" for s in ml]
    return m


def _parse_inform(m, el):
    dev = _child(el, "DeviceId")
    if dev is not None:
        m.device_id = {_local(c.tag): c.text or "" for c in dev}
    ev = _child(el, "Event")
    if ev is not None:
        m.event_array_type = _attr(ev, "arrayType")
        m.events = [(_text(s, "EventCode", ""), _text(s, "CommandKey", ""))
                    for s in ev]
    m.max_envelopes = _text(el, "MaxEnvelopes")
    m.current_time = _text(el, "CurrentTime")
    m.retry_count = _text(el, "RetryCount")
    pl = _child(el, "ParameterList")
    if pl is not None:
        m.param_array_type = _attr(pl, "arrayType")
        for s in pl:
            name = _text(s, "Name", "")
            v = _child(s, "Value")
            vtype = _attr(v, "type") if v is not None else ""
            m.params[name] = (vtype, (v.text or "") if v is not None else None)
            m.param_order.append(name)
