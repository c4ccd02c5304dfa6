/*
 * copydesk: offline helpers for Great Expectations Data Docs (written for copydesk).
 *
 * GX pages call $(table).bootstrapTable({columns, data, toolbar, ...options}) with the table
 * data inlined in the page; bootstrap-table itself comes from a CDN. This file provides that
 * one jQuery method with the options GX's index page uses: sortable columns (sortName,
 * sortOrder), a search box, per-column filters (filterControl select / input / datepicker,
 * filterDataCollector, filterCustomSearch), pagination, rowStyle / rowAttributes and the
 * 'click-row.bs.table' event, plus the methods GX calls ('clearFilterControl', 'resetSearch').
 * Cell values are GX-rendered HTML (status icons, links), inserted as HTML as bootstrap-table
 * does by default. It also gives static GX tables (data-toggle="table") Bootstrap's table
 * style and, with data-search, a filter box; and, when Vega is not loaded, a vegaEmbed
 * stand-in that shows a notice instead of breaking the page's other scripts.
 */
(function (window, document) {
  'use strict';

  if (typeof window.vegaEmbed !== 'function') {
    window.vegaEmbed = function (selector) {
      var nodes = document.querySelectorAll(selector);
      for (var i = 0; i < nodes.length; i++) {
        nodes[i].classList.add('copydesk-chart-offline');
        nodes[i].textContent = 'Chart not shown: Vega is not bundled with copydesk\'s offline Data Docs.';
      }
      return Promise.resolve(null);
    };
  }

  var $ = window.jQuery;
  if (!$) { return; }

  var PAGE_SIZE = 25;
  var parser = new DOMParser(); // inert parsing: no script runs, no image loads

  function truthy(v) { return v === true || String(v).toLowerCase() === 'true'; }
  function fn(name) {
    if (typeof name === 'function') { return name; }
    return (typeof name === 'string' && typeof window[name] === 'function') ? window[name] : null;
  }
  function textOf(value) {
    if (value === null || value === undefined) { return ''; }
    var s = String(value);
    if (s.indexOf('<') >= 0 || s.indexOf('&') >= 0) {
      s = parser.parseFromString(s, 'text/html').body.textContent || '';
    }
    return s.replace(/\s+/g, ' ').trim();
  }
  function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') { return a - b; }
    return textOf(a).localeCompare(textOf(b), undefined, {numeric: true, sensitivity: 'base'});
  }

  function Table($table, options) {
    this.$table = $table;
    this.options = options;
    this.columns = options.columns || [];
    this.rows = (options.data || []).map(function (row, index) {
      return {row: row, index: index, texts: this.columns.map(function (c) { return textOf(row[c.field]); })};
    }, this);
    this.search = '';
    this.filters = {};
    this.page = 1;
    this.sortKey = null;
    this.sortOrder = options.sortOrder === 'desc' ? 'desc' : 'asc';
    if (options.sortName) {
      var col = this.column(options.sortName);
      this.sortKey = col ? (col.sortName || col.field) : options.sortName;
    }
    this.build();
    this.render();
  }

  Table.prototype.column = function (field) {
    for (var i = 0; i < this.columns.length; i++) {
      if (this.columns[i].field === field) { return this.columns[i]; }
    }
    return null;
  };

  Table.prototype.build = function () {
    var self = this, o = this.options, $t = this.$table;
    $t.addClass('table table-bordered table-hover copydesk-table').empty();

    var $head = $('<thead>'), $tr = $('<tr>');
    this.columns.forEach(function (c) {
      var $th = $('<th scope="col">').attr('data-field', c.field).text(c.title || c.field);
      if (c.align) { $th.css('text-align', c.align); }
      if (truthy(c.sortable)) {
        $th.addClass('copydesk-sortable').attr('tabindex', 0).on('click keydown', function (e) {
          if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') { return; }
          e.preventDefault();
          self.sortBy(c);
        });
      }
      $tr.append($th);
    });
    $head.append($tr);
    if (truthy(o.filterControl) && this.columns.some(function (c) { return c.filterControl; })) {
      var $filters = $('<tr class="copydesk-filter-row">');
      this.columns.forEach(function (c) { $filters.append($('<th>').append(self.filterControl(c))); });
      $head.append($filters);
    }
    this.$tbody = $('<tbody>');
    $t.append($head, this.$tbody);

    this.$tbody.on('click', 'tr[data-copydesk-row]', function (e) {
      if ($(e.target).closest('a, button, input, select').length) { return; } // the link wins
      var entry = self.rows[+this.getAttribute('data-copydesk-row')];
      var field = $(e.target).closest('td').attr('data-field');
      $t.trigger('click-row.bs.table', [entry.row, $(this), field]);
    });

    // Toolbar (GX's own div, e.g. "Clear Filters") and search box above the table.
    var $bar = $('<div class="copydesk-table-toolbar">');
    if (o.toolbar) { $bar.append($(o.toolbar).addClass('copydesk-table-toolbar-custom')); }
    if (truthy(o.search)) {
      this.$search = $('<input type="search" class="form-control form-control-sm copydesk-table-search" placeholder="Search" aria-label="Search">')
        .on('input', function () { self.search = this.value; self.page = 1; self.render(); });
      $bar.append(this.$search);
    }
    if (o.toolbarAlign === 'left') { $bar.addClass('copydesk-toolbar-left'); }
    $t.before($bar);
    this.$pager = $('<div class="copydesk-table-pagination">');
    $t.after(this.$pager);
  };

  Table.prototype.filterControl = function (c) {
    var self = this;
    if (!c.filterControl) { return null; }
    var type = String(c.filterControl).toLowerCase(), $control;
    var update = function () { self.filters[c.field] = {type: type, value: this.value}; self.page = 1; self.render(); };
    if (type === 'select') {
      $control = $('<select class="form-control form-control-sm">').append($('<option value="">'));
      var seen = {};
      this.rows.forEach(function (entry) {
        var v = self.filterValue(c, entry);
        if (v !== '' && !seen[v]) { seen[v] = true; }
      });
      Object.keys(seen).sort(compare).forEach(function (v) { $control.append($('<option>').val(v).text(v)); });
      $control.on('change', update);
    } else {
      $control = $('<input class="form-control form-control-sm">')
        .attr('type', type === 'datepicker' ? 'date' : 'text').on('input change', update);
    }
    return $control.attr({'data-field': c.field, 'aria-label': 'Filter ' + (c.title || c.field)});
  };

  Table.prototype.filterValue = function (c, entry) {
    var i = this.columns.indexOf(c), collector = fn(c.filterDataCollector);
    var v = collector ? collector(entry.row[c.field], entry.row, entry.texts[i]) : entry.texts[i];
    return textOf(v);
  };

  Table.prototype.matches = function (entry) {
    var needle = this.search.trim().toLowerCase();
    if (needle && entry.texts.join(' \u0000 ').toLowerCase().indexOf(needle) < 0) { return false; }
    for (var field in this.filters) {
      var f = this.filters[field], c = this.column(field);
      if (!f.value || !c) { continue; }
      if (f.type === 'select') {
        if (this.filterValue(c, entry) !== f.value) { return false; }
        continue;
      }
      var custom = fn(c.filterCustomSearch);
      if (custom) {
        var verdict = custom(f.value, entry.row[field], field, this.options.data);
        if (verdict === true || verdict === false) { if (!verdict) { return false; } continue; }
      }
      var text = entry.texts[this.columns.indexOf(c)].toLowerCase();
      if (text.indexOf(String(f.value).toLowerCase()) < 0) { return false; }
    }
    return true;
  };

  Table.prototype.sortBy = function (c) {
    var key = c.sortName || c.field;
    this.sortOrder = (this.sortKey === key && this.sortOrder === 'asc') ? 'desc' : 'asc';
    this.sortKey = key;
    this.render();
  };

  Table.prototype.render = function () {
    var self = this, o = this.options;
    var visible = this.rows.filter(function (entry) { return self.matches(entry); });
    if (this.sortKey) {
      var key = this.sortKey, sign = this.sortOrder === 'desc' ? -1 : 1;
      visible.sort(function (a, b) { return sign * compare(a.row[key], b.row[key]) || a.index - b.index; });
    }
    this.$table.find('> thead > tr > th.copydesk-sortable').each(function () {
      var c = self.column(this.getAttribute('data-field'));
      var state = c && (c.sortName || c.field) === self.sortKey ? (self.sortOrder === 'asc' ? 'ascending' : 'descending') : 'none';
      this.setAttribute('aria-sort', state);
    });

    var paginate = truthy(o.pagination), pages = paginate ? Math.max(1, Math.ceil(visible.length / PAGE_SIZE)) : 1;
    this.page = Math.min(Math.max(1, this.page), pages);
    var first = paginate ? (this.page - 1) * PAGE_SIZE : 0;
    var shown = paginate ? visible.slice(first, first + PAGE_SIZE) : visible;

    var rowStyle = fn(o.rowStyle), rowAttributes = fn(o.rowAttributes);
    var body = document.createDocumentFragment();
    shown.forEach(function (entry) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-copydesk-row', entry.index);
      var attrs = rowAttributes ? rowAttributes(entry.row, entry.index) || {} : {};
      Object.keys(attrs).forEach(function (name) {
        if (name === 'class') { tr.className += ' ' + attrs[name]; } else { tr.setAttribute(name, attrs[name]); }
      });
      var style = rowStyle ? rowStyle(entry.row, entry.index) || {} : {};
      if (style.classes) { tr.className += ' ' + style.classes; }
      if (style.css) { $(tr).css(style.css); }
      self.columns.forEach(function (c) {
        var td = document.createElement('td'), value = entry.row[c.field];
        td.setAttribute('data-field', c.field);
        if (c.align) { td.style.textAlign = c.align; }
        td.innerHTML = (value === null || value === undefined) ? '-' : String(value);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!shown.length) {
      var tr = document.createElement('tr'), td = document.createElement('td');
      td.colSpan = Math.max(1, this.columns.length);
      td.className = 'copydesk-no-records text-center text-muted';
      td.textContent = 'No matching records found';
      tr.appendChild(td);
      body.appendChild(tr);
    }
    this.$tbody.empty()[0].appendChild(body);
    this.renderPager(visible.length, first, shown.length, pages);
  };

  Table.prototype.renderPager = function (total, first, count, pages) {
    var self = this;
    this.$pager.empty();
    if (!total) { return; }
    this.$pager.append($('<span class="copydesk-table-count">').text(
      'Showing ' + (first + 1) + ' to ' + (first + count) + ' of ' + total + ' rows'));
    if (pages < 2) { return; }
    var $ul = $('<ul class="pagination pagination-sm mb-0">');
    var item = function (label, page, disabled, active) {
      var $a = $('<a class="page-link" href="#">').text(label).on('click', function (e) {
        e.preventDefault();
        if (!disabled) { self.page = page; self.render(); }
      });
      $ul.append($('<li class="page-item">').toggleClass('disabled', !!disabled).toggleClass('active', !!active).append($a));
    };
    item('\u2039', this.page - 1, this.page === 1);
    for (var p = 1; p <= pages; p++) { item(String(p), p, false, p === this.page); }
    item('\u203a', this.page + 1, this.page === pages);
    this.$pager.append($ul);
  };

  Table.prototype.clearFilterControl = function () {
    this.filters = {};
    this.$table.find('.copydesk-filter-row select, .copydesk-filter-row input').val('');
    this.page = 1;
    this.render();
  };

  Table.prototype.resetSearch = function (text) {
    this.search = text || '';
    if (this.$search) { this.$search.val(this.search); }
    this.page = 1;
    this.render();
  };

  Table.prototype.getData = function () {
    var self = this;
    return this.rows.filter(function (entry) { return self.matches(entry); }).map(function (e) { return e.row; });
  };

  $.fn.bootstrapTable = function (option) {
    var args = Array.prototype.slice.call(arguments, 1), result;
    this.each(function () {
      var $t = $(this), table = $t.data('copydesk.table');
      if (typeof option === 'string') {
        if (table && typeof table[option] === 'function') { result = table[option].apply(table, args); }
        return;
      }
      if (!table) { $t.data('copydesk.table', new Table($t, $.extend({}, option))); }
    });
    return result === undefined ? this : result;
  };

  // Static GX tables (rendered server-side, data-toggle="table"): Bootstrap table style and,
  // when GX asks for search (data-search), a box filtering the table's own rows.
  function enhanceStaticTables() {
    $('table[data-toggle="table"]').not('.copydesk-table').each(function () {
      var $t = $(this).addClass('table copydesk-static-table');
      if (!truthy($t.attr('data-search')) || $t.data('copydesk.search')) { return; }
      $t.data('copydesk.search', true);
      var $rows = $t.find('> tbody > tr');
      var $input = $('<input type="search" class="form-control form-control-sm copydesk-table-search" placeholder="Search" aria-label="Search this table">');
      $input.on('input', function () {
        var needle = this.value.trim().toLowerCase();
        $rows.each(function () {
          var hit = !needle || (this.textContent || '').toLowerCase().indexOf(needle) >= 0;
          this.classList.toggle('copydesk-search-hidden', !hit);
        });
      });
      $t.before($('<div class="copydesk-table-toolbar">').append($input));
    });
  }
  $(enhanceStaticTables);
}(window, document));
