-- Drives dolint lsp from Neovim as a user's config would: start the
-- server on a buffer, wait for its findings, apply a quick fix, and wait
-- for the finding to go. Uses only the API of Neovim 0.7 (Debian's), so
-- vim.lsp.start_client rather than vim.lsp.start.
local bin, file = os.getenv("DOLINT_BIN"), os.getenv("DOLINT_FILE")

local function finish(code, msg)
  io.stdout:write(msg .. "\n")
  vim.cmd(code == 0 and "qall!" or "cquit!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "dolint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h:h"),
  })
  assert(id, "the client did not start")
  vim.lsp.buf_attach_client(buf, id)

  local function code_of(d)
    return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  end
  local function find(rule)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == rule then
        return d
      end
    end
  end
  local function wait(what, pred)
    if not vim.wait(30000, pred, 50) then
      local seen = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        table.insert(seen, tostring(code_of(d)))
      end
      error("timed out waiting for " .. what .. "; diagnostics: " .. table.concat(seen, " "))
    end
  end

  wait("the supercall finding", function() return find("supercall") ~= nil end)
  local d = find("supercall")
  local client = vim.lsp.get_client_by_id(id)
  -- Neovim keeps a finding's range in bytes; the line is ASCII, where
  -- bytes and UTF-16 units agree.
  local range = {
    start = { line = d.lnum, character = d.col },
    ["end"] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
  }
  local resp = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { { range = range, message = d.message, code = code_of(d), source = "dolint" } } },
  }, 30000, buf)
  assert(resp and not resp.err, "codeAction failed: " .. vim.inspect(resp))
  local action
  for _, a in ipairs(resp.result or {}) do
    if a.kind == "quickfix" and a.title:find("supercall", 1, true) then
      action = a
    end
  end
  assert(action, "no supercall quick fix in " .. vim.inspect(resp.result))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  assert(text:find("super(ctx, env)", 1, true), "the fix did not pass env:\n" .. text)
  wait("the supercall finding to go", function() return find("supercall") == nil end)
  assert(find("hotspot"), "the other finding went too")
  client.stop()
end)

if ok then
  finish(0, "ok")
else
  finish(1, "FAIL: " .. tostring(err))
end
