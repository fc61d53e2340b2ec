// 工作日历 — the working-day calendar's years (system administrator): which years the calendar
// knows (built-in statutory data or loaded here), a warning for this year or next when it does not,
// and one year's holidays and make-up working days to view, load or correct. A saved year replaces
// all the calendar had for it; deadlines computed from then on count with it.
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  InputNumber,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { currentLang } from '../../i18n';
import { AdminOnly } from './AdminOnly';
import { cstTime } from './audit-filters';
import { useCalendarOverview, useCalendarYear, type CalendarYear } from './config-api';
import { byMonth, daysBetween, isWeekend, withDays, yearProblem } from './config-forms';

export function CalendarPage() {
  return (
    <AdminOnly role="sys_admin">
      <Calendar />
    </AdminOnly>
  );
}

const fail = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

interface YearRow {
  year: number;
  source: 'package' | 'custom' | null;
  updatedAt: string | null;
}

function Calendar() {
  const { t } = useTranslation();
  const overview = useCalendarOverview();
  const [open, setOpen] = useState<number | null>(null);
  const [other, setOther] = useState<number | null>(null);
  const o = overview.data;
  // the known years, and this year or next when the calendar does not know them
  const rows: YearRow[] = o
    ? [...o.years, ...o.fallbackYears.map((year) => ({ year, source: null, updatedAt: null }))].sort(
        (a, b) => b.year - a.year,
      )
    : [];

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('admin.calendar.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.calendar.intro')}</Typography.Paragraph>
      {o?.warning && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="calendar-warning"
          title={t('admin.calendar.warning', {
            years: o.fallbackYears.join(currentLang() === 'en' ? ', ' : '、'),
          })}
          style={{ marginBottom: 12 }}
        />
      )}
      {overview.error && (
        <Alert type="error" showIcon title={fail(overview.error)} style={{ marginBottom: 12 }} />
      )}
      <Space style={{ marginBottom: 12 }}>
        <InputNumber
          aria-label={t('admin.calendar.otherYear')}
          placeholder={t('admin.calendar.year')}
          min={2000}
          max={2100}
          precision={0}
          value={other}
          onChange={(v) => setOther(typeof v === 'number' ? v : null)}
        />
        <Button disabled={other === null} onClick={() => other !== null && setOpen(other)}>
          {t('admin.calendar.otherYear')}
        </Button>
      </Space>
      <Table<YearRow>
        rowKey="year"
        size="small"
        aria-label={t('admin.calendar.title')}
        loading={overview.isLoading}
        dataSource={rows}
        pagination={false}
        style={{ maxWidth: 760 }}
        columns={[
          { title: t('admin.calendar.year'), dataIndex: 'year', width: 90 },
          {
            title: t('admin.calendar.source'),
            dataIndex: 'source',
            render: (s: YearRow['source']) =>
              s ? (
                <Tag color={s === 'custom' ? 'blue' : 'green'}>{t(`admin.calendar.sources.${s}`)}</Tag>
              ) : (
                <Tag color="orange">{t('admin.calendar.unknown')}</Tag>
              ),
          },
          {
            title: t('admin.calendar.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string | null) => (v ? cstTime(v) : '—'),
          },
          {
            title: t('admin.actions'),
            key: 'actions',
            width: 120,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => setOpen(r.year)}>
                {r.source ? t('admin.calendar.open') : t('admin.calendar.load')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open !== null ? t('admin.calendar.editTitle', { year: open }) : ''}
        size={560}
        destroyOnHidden
      >
        {open !== null && <YearLoader year={open} onSaved={() => setOpen(null)} />}
      </Drawer>
    </>
  );
}

function YearLoader({ year, onSaved }: { year: number; onSaved: () => void }) {
  const q = useCalendarYear(year);
  if (q.error) return <Alert type="error" showIcon title={fail(q.error)} />;
  if (!q.data) return <Spin />;
  return <YearEditor key={year} initial={q.data} onSaved={onSaved} />;
}

function YearEditor({ initial, onSaved }: { initial: CalendarYear; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const year = initial.year;
  const [holidays, setHolidays] = useState<string[]>(initial.holidays);
  const [workdays, setWorkdays] = useState<string[]>(initial.workdays);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = holidays.join() !== initial.holidays.join() || workdays.join() !== initial.workdays.join();
  const problem = yearProblem(year, holidays, workdays);
  const outside = (d: Dayjs) => d.year() !== year;
  const month = (m: string) =>
    new Intl.DateTimeFormat(currentLang() === 'en' ? 'en' : 'zh-CN', { month: 'short' }).format(
      new Date(Date.UTC(year, Number(m) - 1, 15)),
    );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/calendar/years/${year}`, { method: 'PUT', body: { holidays, workdays } });
      await queryClient.invalidateQueries({ queryKey: ['admin', 'calendar'] });
      message.success(t('admin.saved'));
      onSaved();
    } catch (err) {
      setError(fail(err));
    } finally {
      setBusy(false);
    }
  };

  const dayTags = (days: string[], remove: (d: string) => void, color?: string) =>
    byMonth(days).map(([m, list]) => (
      <div key={m} style={{ marginBottom: 6 }}>
        <Typography.Text type="secondary" style={{ display: 'inline-block', width: 56 }}>
          {month(m)}
        </Typography.Text>
        {list.map((d) => (
          <Tag
            key={d}
            color={color}
            closable
            onClose={(e) => {
              e.preventDefault();
              remove(d);
            }}
          >
            {d.slice(5)}
          </Tag>
        ))}
      </div>
    ));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('admin.calendar.source')}>
          {initial.source ? t(`admin.calendar.sources.${initial.source}`) : t('admin.calendar.unknown')}
        </Descriptions.Item>
      </Descriptions>
      <section aria-label={t('admin.calendar.holidays')}>
        <Typography.Title level={5}>
          {t('admin.calendar.holidays')}{' '}
          <Typography.Text type="secondary">
            {t('admin.calendar.dayCount', { count: holidays.length })}
          </Typography.Text>
        </Typography.Title>
        <DatePicker.RangePicker
          aria-label={t('admin.calendar.addHolidays')}
          placeholder={[t('admin.calendar.addHolidays'), '']}
          disabledDate={outside}
          defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-02-01`)]}
          value={null}
          onChange={(range) => {
            const [a, b] = range ?? [];
            if (a && b)
              setHolidays((h) => withDays(h, daysBetween(a.format('YYYY-MM-DD'), b.format('YYYY-MM-DD'))));
          }}
          style={{ marginBottom: 8 }}
        />
        {dayTags(holidays, (d) => setHolidays((h) => h.filter((x) => x !== d)), 'red')}
      </section>
      <section aria-label={t('admin.calendar.workdays')}>
        <Typography.Title level={5}>
          {t('admin.calendar.workdays')}{' '}
          <Typography.Text type="secondary">
            {t('admin.calendar.dayCount', { count: workdays.length })}
          </Typography.Text>
        </Typography.Title>
        <DatePicker
          aria-label={t('admin.calendar.addWorkday')}
          placeholder={t('admin.calendar.addWorkday')}
          disabledDate={(d) => outside(d) || !isWeekend(d.format('YYYY-MM-DD'))}
          defaultPickerValue={dayjs(`${year}-01-01`)}
          value={null}
          onChange={(d: Dayjs | null) => d && setWorkdays((w) => withDays(w, [d.format('YYYY-MM-DD')]))}
          style={{ width: 280, marginBottom: 8 }}
        />
        {dayTags(workdays, (d) => setWorkdays((w) => w.filter((x) => x !== d)), 'blue')}
      </section>
      <Typography.Paragraph type="secondary">{t('admin.calendar.replaceNote')}</Typography.Paragraph>
      {problem && (
        <Alert
          type="warning"
          showIcon
          title={t(`admin.calendar.problems.${problem.key.slice('calendar.'.length)}`, {
            day: problem.day,
            year,
          })}
        />
      )}
      {error && <Alert type="error" showIcon role="alert" title={error} />}
      <Button
        type="primary"
        loading={busy}
        disabled={!changed || problem !== null}
        onClick={() => void save()}
      >
        {t('common.save')}
      </Button>
    </Space>
  );
}
