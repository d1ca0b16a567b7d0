/// The one stylesheet, served by Baomi itself: nothing is fetched from outside on an isolated intranet (DESIGN).
enum Stylesheet {
    static let css = """
        :root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --accent: #0b5cad; --danger: #a40e26;
          --warn: #9a4d00; --ok: #1a7f37; --top-secret: #8b0000; --secret: #c2410c; --confidential: #b45309; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.55 "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f0b400; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
        .topbar { display: flex; justify-content: space-between; align-items: center; padding: 0 20px; height: 52px; background: #12263f; color: #fff; }
        .topbar a, .topbar .link { color: #fff; }
        .brand { font-weight: 700; font-size: 17px; text-decoration: none; letter-spacing: .05em; }
        .topbar-right { display: flex; gap: 16px; align-items: center; }
        .who { color: #d8e2ee; }
        form.inline { display: inline; margin: 0; }
        button.link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
        .shell { display: grid; grid-template-columns: 210px minmax(0, 1fr); min-height: calc(100vh - 52px); }
        .shell-plain { grid-template-columns: 1fr; }
        .sidenav { background: #fff; border-right: 1px solid var(--line); padding: 12px 0; }
        .nav-title { font-size: 12px; color: var(--muted); padding: 10px 18px 4px; letter-spacing: .08em; }
        .sidenav ul { list-style: none; margin: 0; padding: 0; }
        .sidenav a { display: block; padding: 6px 18px; text-decoration: none; color: var(--ink); }
        .sidenav a[aria-current=page] { background: #e7f0fa; border-left: 3px solid var(--accent); padding-left: 15px; font-weight: 600; }
        main { padding: 20px 28px; max-width: 1280px; }
        h1 { font-size: 22px; margin: 4px 0 16px; } h2 { font-size: 17px; margin: 0 0 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin-bottom: 16px; }
        .card.narrow { max-width: 460px; }
        .toolbar { display: flex; gap: 8px; margin-bottom: 12px; }
        .button, button { display: inline-block; padding: 6px 14px; border: 1px solid var(--line); border-radius: 5px; background: #fff; color: var(--ink); font: inherit; cursor: pointer; text-decoration: none; }
        .primary, button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        .form .field { margin-bottom: 12px; } .form label { display: block; font-weight: 600; margin-bottom: 3px; }
        .form input[type=text], .form input[type=password], .form input[type=number], .form input[type=date], .form select { width: 100%; max-width: 420px; padding: 6px 8px; border: 1px solid #8c959f; border-radius: 4px; font: inherit; }
        .check { margin: 6px 0; } .check label { display: inline; font-weight: normal; margin-left: 6px; }
        .required { color: var(--danger); } .hint { color: var(--muted); font-size: 13px; }
        .form .has-error input, .form .has-error select { border-color: var(--danger); box-shadow: 0 0 0 1px var(--danger); }
        .form select, .filters select { background: #fff; }
        .filters input, .filters select { padding: 5px 8px; border: 1px solid #8c959f; border-radius: 4px; font: inherit; font-size: 14px; background: #fff; min-width: 8em; }
        #form-errors ul { margin: 6px 0 0; padding-left: 20px; }
        .field-error { color: var(--danger); font-size: 14px; margin-top: 3px; }
        .actions { margin-top: 14px; }
        .filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin-bottom: 12px; }
        .filters .field { margin: 0; } .filters label { display: block; font-size: 13px; color: var(--muted); }
        .filters .actions { margin: 0; }
        .alert { padding: 10px 14px; border-radius: 5px; margin-bottom: 14px; border: 1px solid; }
        .alert-error { background: #ffebe9; border-color: #ff8182; color: #82071e; }
        .alert-warn { background: #fff8c5; border-color: #d4a72c; color: #4d2d00; }
        .alert-ok { background: #dafbe1; border-color: #4ac26b; color: #044f1e; }
        .table-wrap { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
        table.ledger { border-collapse: collapse; width: 100%; font-size: 14px; }
        .ledger th, .ledger td { padding: 6px 10px; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
        .ledger th { background: #f0f3f6; font-weight: 600; white-space: nowrap; }
        .ledger td { white-space: nowrap; } .ledger td .details, .ledger td .wrap { white-space: normal; }
        .ledger tbody tr:hover { background: #f6faff; }
        .details { color: var(--muted); font-size: 13px; word-break: break-all; }
        .count, .muted, .empty { color: var(--muted); }
        .badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; border: 1px solid; margin-right: 4px; white-space: nowrap; }
        .badge-ok { color: var(--ok); border-color: var(--ok); } .badge-warn { color: var(--warn); border-color: var(--warn); }
        .badge-danger { color: var(--danger); border-color: var(--danger); font-weight: 600; }
        .finding-count { display: inline-block; min-width: 1.4em; padding: 0 6px; border-radius: 9px; background: var(--danger); color: #fff; font-size: 12px; text-align: center; }
        .badge-info { color: var(--accent); border-color: var(--accent); } .badge-muted { color: var(--muted); border-color: var(--muted); }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0 0 12px; }
        .facts dt { color: var(--muted); } .facts dd { margin: 0; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 14px; }
        .tile { display: flex; flex-direction: column; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; text-decoration: none; color: var(--ink); }
        .tile-value { font-size: 28px; font-weight: 700; color: var(--accent); } .tile-note { color: var(--muted); font-size: 13px; }
        .depth-1 { padding-left: 1.5em; } .depth-2 { padding-left: 3em; } .depth-3 { padding-left: 4.5em; } .depth-4, .depth-5, .depth-6 { padding-left: 6em; }
        .qr svg { width: 200px; height: 200px; }
        .pager { margin-top: 12px; }
        code { background: #eff2f5; padding: 1px 5px; border-radius: 3px; }
        @media print { .topbar, .sidenav, .filters, .toolbar, .actions, form { display: none; } .shell { display: block; } body { background: #fff; } }
        """
}

extension Stylesheet {
    /// Level badges (UI.md): 绝密 deep red, 机密 orange-red, 秘密 amber, commercial blue, 内部 grey — the text is
    /// always there too.
    static let levels = """
        .level { display: inline-block; padding: 0 8px; border-radius: 3px; font-weight: 700; font-size: 13px; color: #fff; white-space: nowrap; }
        .level-topSecret { background: #8b0000; } .level-secret { background: #c2410c; } .level-confidential { background: #92400e; }
        .level-coreCommercial { background: #1d4ed8; } .level-ordinaryCommercial { background: #2563eb; } .level-internal { background: #57606a; }
        .marking-header { display: flex; align-items: center; gap: 12px; margin-bottom: 12px; }
        .timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid #d0d7de; }
        .timeline li { margin: 0 0 10px 0; padding-left: 14px; position: relative; }
        .timeline li::before { content: ""; position: absolute; left: -8px; top: 6px; width: 11px; height: 11px; border-radius: 50%; background: var(--accent); }
        .timeline .when { color: var(--muted); font-size: 13px; margin-right: 8px; }
        .step-forms { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
        .step-forms .card { margin: 0; }
        .step-forms { margin-bottom: 16px; }
        .form .table-wrap { margin-bottom: 16px; }
        #carrier-form fieldset { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 8px 24px; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 14px; }
        #carrier-form legend { font-weight: 700; padding: 0 6px; }
        td .wrap { display: inline-block; min-width: 8em; word-break: keep-all; }
        button.secondary { background: #fff; color: var(--ink); }
        body:has(.print-page) { background: #fff; }
        .print-page h1 { text-align: center; }
        .print-page .ledger th { background: #fff; color: #000; border-bottom: 2px solid #000; }
        .print-page .table-wrap { border: 0; }
        .pager { display: flex; gap: 12px; align-items: center; }
        .multi { min-height: 6em; }
        .label-sheet { display: flex; gap: 24px; align-items: center; border: 2px solid #000; padding: 16px; max-width: 520px; background: #fff; }
        .label-sheet .marking { font-size: 22px; font-weight: 700; }
        .print-page { background: #fff; color: #000; padding: 12mm; }
        .print-marking { text-align: center; font-weight: 700; font-size: 16px; margin: 4px 0; }
        @media print { .print-page { padding: 0; } .no-print { display: none; } }
        .approval-form { max-width: 186mm; margin: 0 auto; } .approval-form .ledger th, .approval-form .ledger td { border: 1px solid #000; color: #000; white-space: normal; }
        .approval-form .form-seal { display: flex; gap: 12px; align-items: center; margin-top: 8mm; break-inside: avoid; } .approval-form .leaf-text { font-family: monospace; font-size: 9px; overflow-wrap: anywhere; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(440px, 1fr)); gap: 16px; margin-top: 16px; }
        .charts-heading { margin-top: 20px; }
        figure.chart { margin: 0; } .chart figcaption h2 { margin-bottom: 8px; }
        .chart-canvas svg { display: block; width: 100%; height: auto; }
        .chart-canvas a text { text-decoration: underline; } .chart-canvas a:focus text { font-weight: 700; }
        .chart-data summary { cursor: pointer; color: var(--accent); margin-top: 8px; }
        .chart-data .table-wrap { margin-top: 8px; }
        .report-print { max-width: 297mm; margin: 0 auto; font-size: 13px; }
        .report-print h1 { font-size: 20px; margin: 4px 0 6px; } .report-print h2 { font-size: 15px; margin: 14px 0 6px; } .report-print h3 { font-size: 14px; margin: 10px 0 6px; }
        .report-org, .report-meta { text-align: center; margin: 2px 0; } .report-note { font-weight: 600; }
        .print-frame { width: 100%; border-collapse: collapse; } .print-frame > thead > tr > td, .print-frame > tfoot > tr > td, .print-frame > tbody > tr > td { padding: 0; border: 0; }
        .report-print .ledger th, .report-print .ledger td { border: 1px solid #000; color: #000; padding: 3px 5px; white-space: normal; }
        .report-print .report-figures { width: 60%; } .report-print .report-figures th { width: 80%; font-weight: normal; }
        .fill-line { border-bottom: 1px solid #000; height: 9mm; }
        .signatures { display: flex; justify-content: space-between; gap: 10mm; margin: 14mm 0 4mm; } .signatures span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 2px; }
        @page { size: A4; margin: 12mm; }
        @page wide { size: A4 landscape; margin: 10mm; }
        .carrier-ledger .ledger { font-size: 13px; } .carrier-ledger .ledger th, .carrier-ledger .ledger td { padding: 5px 6px; white-space: normal; overflow-wrap: break-word; }
        .carrier-ledger td .wrap { display: inline; min-width: 0; word-break: normal; }
        .carrier-ledger td:nth-child(-n+2), .carrier-ledger td:nth-child(5), .carrier-ledger td:nth-child(6), .carrier-ledger td:nth-child(9), .carrier-ledger td:nth-child(10), .carrier-ledger td:nth-child(11) { white-space: nowrap; }
        .print-page .table-wrap { overflow: visible; }
        .print-page .ledger { table-layout: auto; width: 100%; } .print-page td .wrap { display: inline; min-width: 0; word-break: normal; }
        .report-print .ledger th, .report-print .ledger td { overflow-wrap: anywhere; }
        @media print { .report-wide { page: wide; } .report-print { max-width: none; font-size: 11px; } .print-frame > thead { display: table-header-group; } .print-frame > tfoot { display: table-footer-group; } .report-print .ledger tr, .report-section { break-inside: avoid; } }
        """
}
