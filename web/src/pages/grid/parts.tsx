// Pieces the grid pages share: the report's type and status tags, a strip of photos that open
// large, the period picker and the URL-kept filters.
import { DatePicker, Image, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { photoUrl, type Period, type ReportStatus, type ReportType } from './grid-api';

const TYPE_COLOR: Record<ReportType, string> = {
  dispute: 'magenta',
  public_security: 'volcano',
  fire: 'red',
  traffic: 'orange',
  workplace_safety: 'gold',
  environment: 'green',
  other: 'default',
};
const STATUS_COLOR: Record<ReportStatus, string> = {
  reported: 'blue',
  assigned: 'cyan',
  concluded: 'purple',
};

export function ReportTypeTag({ type }: { type: ReportType }) {
  const { t } = useTranslation();
  return <Tag color={TYPE_COLOR[type] ?? 'default'}>{t(`grid.type.${type}`)}</Tag>;
}

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-status={status}>
      {t(`grid.status.${status}`)}
    </Tag>
  );
}

/** Thumbnails of the photos; a click opens them large, one after another. */
export function Photos({ ids, size = 64 }: { ids: readonly string[]; size?: number }) {
  const { t } = useTranslation();
  if (ids.length === 0) return <Typography.Text type="secondary">{t('grid.noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space size={6} wrap data-testid="photos">
        {ids.map((id, i) => (
          <Image
            key={id}
            src={photoUrl(id)}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 4 }}
            alt={t('grid.photoAlt', { n: i + 1 })}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

const DAY = 'YYYY-MM-DD';

/** Filters kept in the URL: shareable, and back returns to the last view. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Partial<
    Record<K, string>
  >;
  const set = (patch: Partial<Record<K, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next);
  };
  const reset = () => setParams(new URLSearchParams());
  return { values, set, reset, any: keys.some((k) => params.has(k)) };
}

/** A from–to day range; empty means the server's default period. */
export function PeriodPicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: Period;
  onChange: (p: Period) => void;
}) {
  const range: [Dayjs, Dayjs] | null =
    value.from && value.to ? [dayjs(value.from, DAY), dayjs(value.to, DAY)] : null;
  return (
    <DatePicker.RangePicker
      id={{ start: id }}
      value={range}
      onChange={(r) => onChange(r && r[0] && r[1] ? { from: r[0].format(DAY), to: r[1].format(DAY) } : {})}
      allowClear
    />
  );
}
