package sandbox

// Behaviour that workerd switches by compatibility date or flag follows
// Options.CompatibilityDate and Options.CompatibilityFlags: a change is on
// from its date, an enable flag turns it on earlier and a disable flag
// keeps it off later, as in workerd's compatibility-date.capnp. Each row
// below is observed in real workerd on the day before its date and on
// the date by the conformance scenarios compat-* and rpc-stub-ownership-*
// (sandbox/conformance), with its disable flag where noted there, and the
// sandbox agrees on both sides.
//
//	flag (disable flag)                          date        before the date / from the date
//	durable_object_fetch_requires_full_url       2021-11-10  stub.fetch("/path") requests
//	  (durable_object_fetch_allows_relative_url)             https://fake-host/path / rejects with TypeError
//	global_navigator (no_global_navigator)       2022-03-21  no navigator global / navigator
//	capture_async_api_throws                     2022-10-31  storage methods throw argument errors /
//	  (do_not_capture_async_api_throws)                      they return rejected promises
//	http_headers_getsetcookie                    2023-03-01  Set-Cookie values are joined with ", " and
//	  (no_http_headers_getsetcookie)                         getSetCookie() is missing / one entry each
//	rpc (no_rpc)                                 2024-04-03  a stub has fetch, id and name only; other
//	                                                         members are undefined and logged / RPC
//	set_tostring_tag (do_not_set_tostring_tag)  2024-09-26  Object.prototype.toString gives "[object
//	                                                         Object]" for API objects / their class name
//	upper_case_all_http_methods                  2024-10-14  only GET, HEAD, POST, PUT, DELETE and OPTIONS
//	  (no_upper_case_all_http_methods)                       are upper-cased; another method must be given
//	                                                         in capitals / every method is upper-cased
//	enable_weak_ref (disable_weak_ref)           2025-05-05  no WeakRef or FinalizationRegistry / both (the
//	                                                         sandbox's hold their targets and never clean up)
//	enable_navigator_language                    2025-05-19  navigator.language and languages are missing /
//	  (disable_navigator_language)                           "en" and ["en"]
//	allow_eval_during_startup                    2025-06-01  eval and new Function throw EvalError at
//	  (disallow_eval_during_startup)                         startup too / they compile while the module
//	                                                         graph is evaluated; never in events
//	set_event_target_this                        2025-08-01  listeners run with globalThis as this /
//	  (no_set_event_target_this)                             with the target
//	enable_ctx_exports (disable_ctx_exports)     2025-11-17  ctx.exports absent / present
//	enable_fast_jsg_struct                       2025-12-03  a cursor's next() at the end is {done: true} /
//	  (disable_fast_jsg_struct)                              {done: true, value: undefined}
//	rpc_params_dup_stubs                         2026-01-20  a stub passed as an argument goes to the callee
//	  (rpc_params_transfer_stubs)                            (the caller's is disposed) / the caller keeps it
//	delete_all_deletes_alarm                     2026-02-24  deleteAll() keeps the alarm / deletes it
//	  (delete_all_preserves_alarm)
//	websocket_close_reason_byte_limit            2026-03-03  any close reason / over 123 UTF-8 bytes throws
//	  (no_websocket_close_reason_byte_limit)                 SyntaxError
//	websocket_standard_binary_type               2026-03-17  an accept()ed socket's binaryType starts as
//	  (no_websocket_standard_binary_type)                    "arraybuffer" / as "blob": binary messages are
//	                                                         Blobs
//	web_socket_auto_reply_to_close               2026-04-07  a client's Close to an accept()ed socket gets
//	  (web_socket_manual_reply_to_close)                     no reply / the same Close back
//	enhanced_error_serialization                 2026-04-21  an error crosses RPC, structuredClone and
//	  (legacy_error_serialization)                           storage with its prototype, message and stack,
//	                                                         a thrown one of another name as Error("Name:
//	                                                         message") / also with its own properties (its
//	                                                         name among them) and cause
//
// Two flags have no date: with nodejs_compat (nodejs_compat_v2,
// nodejs_als) node: modules resolve (nodecompat.go), and with
// disallow_importable_env the env that cloudflare:workers exports is an
// empty object.
//
// workerd gates more behaviour than this; the sandbox lacks most of the
// APIs concerned (FormData parsing, streams constructors, MessageChannel,
// the Node.js modules' finer flags, a stub's get(), put() and delete()
// before fetcher_no_get_put_delete, 2024-03-26), and where it has one
// without the switch it behaves as from the flag's date on, as for
// url_standard (2022-10-31), whose legacy parser it does not reproduce.

// compat holds what the compatibility settings switch on.
type compat struct {
	doFetchFullURL     bool
	globalNavigator    bool
	getSetCookie       bool
	captureAsyncThrows bool
	rpc                bool
	setToStringTag     bool
	upperCaseMethods   bool
	weakRef            bool
	navigatorLanguage  bool
	evalAtStartup      bool
	eventTargetThis    bool
	ctxExports         bool
	doneHasValue       bool
	rpcParamsDupStubs  bool
	deleteAllAlarm     bool
	closeReasonLimit   bool
	standardBinaryType bool
	autoReplyClose     bool
	importableEnv      bool
	enhancedErrors     bool
}

func newCompat(o *Options) compat {
	return compat{
		doFetchFullURL:     o.flag("durable_object_fetch_requires_full_url", "durable_object_fetch_allows_relative_url", "2021-11-10"),
		globalNavigator:    o.flag("global_navigator", "no_global_navigator", "2022-03-21"),
		getSetCookie:       o.flag("http_headers_getsetcookie", "no_http_headers_getsetcookie", "2023-03-01"),
		captureAsyncThrows: o.flag("capture_async_api_throws", "do_not_capture_async_api_throws", "2022-10-31"),
		rpc:                o.flag("rpc", "no_rpc", "2024-04-03"),
		setToStringTag:     o.flag("set_tostring_tag", "do_not_set_tostring_tag", "2024-09-26"),
		upperCaseMethods:   o.flag("upper_case_all_http_methods", "no_upper_case_all_http_methods", "2024-10-14"),
		weakRef:            o.flag("enable_weak_ref", "disable_weak_ref", "2025-05-05"),
		navigatorLanguage:  o.flag("enable_navigator_language", "disable_navigator_language", "2025-05-19"),
		evalAtStartup:      o.flag("allow_eval_during_startup", "disallow_eval_during_startup", "2025-06-01"),
		eventTargetThis:    o.flag("set_event_target_this", "no_set_event_target_this", "2025-08-01"),
		ctxExports:         o.flag("enable_ctx_exports", "disable_ctx_exports", "2025-11-17"),
		doneHasValue:       o.flag("enable_fast_jsg_struct", "disable_fast_jsg_struct", "2025-12-03"),
		rpcParamsDupStubs:  o.flag("rpc_params_dup_stubs", "rpc_params_transfer_stubs", "2026-01-20"),
		deleteAllAlarm:     o.flag("delete_all_deletes_alarm", "delete_all_preserves_alarm", "2026-02-24"),
		closeReasonLimit:   o.flag("websocket_close_reason_byte_limit", "no_websocket_close_reason_byte_limit", "2026-03-03"),
		standardBinaryType: o.flag("websocket_standard_binary_type", "no_websocket_standard_binary_type", "2026-03-17"),
		autoReplyClose:     o.flag("web_socket_auto_reply_to_close", "web_socket_manual_reply_to_close", "2026-04-07"),
		importableEnv:      !o.flag("disallow_importable_env", "allow_importable_env", ""),
		enhancedErrors:     o.flag("enhanced_error_serialization", "legacy_error_serialization", "2026-04-21"),
	}
}

// flag reports whether a change is on: an enable or disable flag decides,
// else the date.
func (o *Options) flag(enable, disable, date string) bool {
	for _, f := range o.CompatibilityFlags {
		if f == enable {
			return true
		}
		if f == disable {
			return false
		}
	}
	return date != "" && o.CompatibilityDate >= date
}
